using Orleans.Concurrency;
using Orleans.Coord.Sessions;

namespace Orleans.Coord.Server.Sessions;

/// <summary>One page of a session's attached resources (key: "sessionId/pageIndex"), persisted.</summary>
internal interface ISessionResourcePageGrain : IGrainWithStringKey
{
    /// <summary>Records resources (idempotent), in one write.</summary>
    Task AddAsync(GrainId[] resources);

    /// <summary>Forgets resources (those not recorded are ignored), in one write.</summary>
    Task RemoveAsync(GrainId[] resources);

    /// <summary>The recorded resources.</summary>
    [ReadOnly]
    Task<IReadOnlyList<GrainId>> ListAsync();

    /// <summary>Forgets the page (its record is deleted).</summary>
    Task ClearAsync();
}
