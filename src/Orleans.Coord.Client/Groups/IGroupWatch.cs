using Orleans.Coord.Groups;

namespace Orleans.Coord.Client;

/// <summary>
/// A started watch of one group (docs/design.md, rule 6): the <see cref="Snapshot"/> it started from, and every later change
/// once, in version order. Events that arrive before they are read are buffered. Dispose to unsubscribe.
/// </summary>
public interface IGroupWatch : IAsyncDisposable
{
    /// <summary>The group name.</summary>
    string Group { get; }

    /// <summary>The members and version the watch started from; every event read has a higher version.</summary>
    GroupSnapshot Snapshot { get; }

    /// <summary>
    /// Yields each change after <see cref="Snapshot"/> exactly once, in version order; after lost events, the
    /// difference re-read from a newer snapshot (events with <see cref="GroupEvent.IsResync"/>). Ends when the group is
    /// deleted; cancelling <paramref name="cancellationToken"/> stops reading (a later call continues where it stopped).
    /// One reader at a time.
    /// </summary>
    IAsyncEnumerable<GroupEvent> ReadEventsAsync(CancellationToken cancellationToken = default);
}
