using Orleans.Coord.Elections;

namespace Orleans.Coord.Client;

/// <summary>
/// A started observation of one election: the <see cref="Snapshot"/> it started from, and every later change once, in
/// version (and so term) order. Events that arrive before they are read are buffered. Dispose to unsubscribe.
/// </summary>
public interface IElectionObservation : IAsyncDisposable
{
    /// <summary>The election name.</summary>
    string Election { get; }

    /// <summary>The leader and version the observation started from; every event read has a higher version.</summary>
    ElectionSnapshot Snapshot { get; }

    /// <summary>
    /// Yields each change after <see cref="Snapshot"/> exactly once, in version order; after lost events, the
    /// difference re-read from a newer snapshot (events with <see cref="ElectionEvent.IsResync"/>). Cancelling
    /// <paramref name="cancellationToken"/> stops reading (a later call continues where it stopped). One reader at a time.
    /// </summary>
    IAsyncEnumerable<ElectionEvent> ReadEventsAsync(CancellationToken cancellationToken = default);
}
