using Orleans.Coord.Client.Internal;
using Orleans.Coord.Client.Watching;
using Orleans.Coord.Elections;
using Orleans.Coord.Grains;

namespace Orleans.Coord.Client.Elections;

/// <summary>One observation of an election: the versioned watch of the election grain.</summary>
internal sealed class ElectionObservation(SessionContext session, string election) : IElectionObservation
{
    private readonly VersionedWatch<ElectionEvent, ElectionSnapshot> _watch = new(
        session,
        session.Grains.GetGrain<IElectionGrain>(election),
        CoordConstants.ElectionStreamNamespace,
        e => e.Version,
        snapshot => new ElectionView(snapshot),
        _ => false);

    public string Election => election;

    public ElectionSnapshot Snapshot => _watch.Snapshot;

    public Task StartAsync(CancellationToken cancellationToken) => _watch.StartAsync(cancellationToken);

    public IAsyncEnumerable<ElectionEvent> ReadEventsAsync(CancellationToken cancellationToken = default) => _watch.ReadEventsAsync(cancellationToken);

    public ValueTask DisposeAsync() => _watch.DisposeAsync();
}
