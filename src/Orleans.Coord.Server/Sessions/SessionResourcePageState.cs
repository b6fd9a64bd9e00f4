using Orleans.Coord.Sessions;

namespace Orleans.Coord.Server.Sessions;

/// <summary>The persisted resources of one page.</summary>
[GenerateSerializer]
internal sealed class SessionResourcePageState
{
    /// <summary>The resources, in attach order.</summary>
    [Id(0)]
    public List<GrainId> Resources { get; set; } = [];
}
