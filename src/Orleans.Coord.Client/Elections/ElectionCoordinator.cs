using System.Runtime.CompilerServices;
using Orleans.Coord.Grains;
using Orleans.Coord.Client.Internal;
using Orleans.Coord.Client.Leases;
using Orleans.Coord.Locks;
using Orleans.Coord.Validation;

using Orleans.Coord.Elections;

namespace Orleans.Coord.Client.Elections;

/// <summary>The session's election API over the election grains, through the lock acquire protocol.</summary>
internal sealed class ElectionCoordinator(SessionContext session, LeaseAcquirer acquirer) : IElectionCoordinator
{

    public Task<ILeadership> CampaignAsync(string election, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default) =>
        CampaignCoreAsync(Target(election, value, group: null), cancellationToken);

    public Task<ILeadership> CampaignAsync(string election, ReadOnlyMemory<byte> value, CampaignOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return CampaignCoreAsync(Target(election, value, options.Group), cancellationToken);
    }

    public async Task<ILeadership?> TryCampaignAsync(string election, ReadOnlyMemory<byte> value, CampaignOptions? options = null, CancellationToken cancellationToken = default)
    {
        var target = Target(election, value, options?.Group);
        var handle = await acquirer.TryAsync(target, cancellationToken);
        return handle is null ? null : new Leadership(handle, target, session);
    }

    public Task<ElectionLeader?> GetLeaderAsync(string election, CancellationToken cancellationToken = default)
    {
        var grain = Grain(election);
        return GrainCallRetry.RunRepeatableAsync(() => grain.GetLeaderAsync(), session, cancellationToken);
    }

    public IAsyncEnumerable<ElectionEvent> ObserveAsync(string election, CancellationToken cancellationToken = default)
    {
        Guard.Name(election, nameof(election));
        return ObserveCoreAsync(election, cancellationToken);
    }

    public async Task<IElectionObservation> OpenObservationAsync(string election, CancellationToken cancellationToken = default)
    {
        var observation = new ElectionObservation(session, Guard.Name(election, nameof(election)));
        await observation.StartAsync(cancellationToken);
        return observation;
    }

    private async Task<ILeadership> CampaignCoreAsync(ElectionTarget target, CancellationToken cancellationToken)
    {
        var handle = await acquirer.AcquireAsync(target, Timeout.InfiniteTimeSpan, cancellationToken)
            ?? throw new InvalidOperationException($"The campaign for election '{target.Name}' ended without a result.");
        return new Leadership(handle, target, session);
    }

    private async IAsyncEnumerable<ElectionEvent> ObserveCoreAsync(string election, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var observation = await OpenObservationAsync(election, cancellationToken);
        await foreach (var e in observation.ReadEventsAsync(cancellationToken))
        {
            yield return e;
        }
    }

    private ElectionTarget Target(string election, ReadOnlyMemory<byte> value, string? group)
    {
        var grain = Grain(election);
        Guard.Payload(value.Length, nameof(value));
        if (group is not null)
        {
            Guard.Name(group, nameof(CampaignOptions.Group));
        }

        return new ElectionTarget(grain, session, election, value.ToArray(), group);
    }

    private IElectionGrain Grain(string election) => session.Grains.Reference<IElectionGrain>(Guard.Name(election, nameof(election)));
}
