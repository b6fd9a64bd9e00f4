namespace Orleans.Coord.Client.Partitioning;

/// <summary>
/// This session's membership of a partitioned group and a consistent hash ring of its members (Tooz's
/// <c>Partitioner</c>), kept current by the group's pushed changes: joins, leaves, expiries and weight updates.
/// Lookups are local and thread-safe; they answer from the latest ring this process has seen, so two processes can
/// briefly disagree while a change travels. Start one with
/// <see cref="PartitionedGroupExtensions.JoinPartitionedAsync"/>; dispose it to stop watching and leave the group.
/// </summary>
public interface IPartitioner : IAsyncDisposable
{
    /// <summary>The group name.</summary>
    string Group { get; }

    /// <summary>This session's member id.</summary>
    string MemberId { get; }

    /// <summary>Ring points per unit of weight.</summary>
    int Partitions { get; }

    /// <summary>The group version the ring reflects.</summary>
    long Version { get; }

    /// <summary>The members on the ring, ordered ordinally.</summary>
    IReadOnlyList<string> Members { get; }

    /// <summary>Each member's weight (from its capabilities' <c>weight</c>; 1 when absent).</summary>
    IReadOnlyDictionary<string, int> Weights { get; }

    /// <summary>
    /// Raised after each change of the ring, on the partitioner's background task, in group version order. A handler
    /// that throws is logged and does not stop later changes.
    /// </summary>
    event EventHandler<RingChangedEventArgs>? RingChanged;

    /// <summary>
    /// The members that own <paramref name="key"/>: <paramref name="replicas"/> distinct members clockwise from its
    /// hash, the primary owner first, skipping <paramref name="ignore"/> (Tooz's <c>members_for_object</c>). Fewer
    /// when the group has fewer members; empty when it has none.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="replicas"/> is less than 1.</exception>
    IReadOnlyList<string> MembersFor(ReadOnlySpan<byte> key, int replicas = 1, IEnumerable<string>? ignore = null);

    /// <summary>Whether <paramref name="memberId"/> is among the <paramref name="replicas"/> owners of <paramref name="key"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="replicas"/> is less than 1.</exception>
    bool BelongsTo(ReadOnlySpan<byte> key, string memberId, int replicas = 1);

    /// <summary>Whether this member is among the <paramref name="replicas"/> owners of <paramref name="key"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="replicas"/> is less than 1.</exception>
    bool BelongsToSelf(ReadOnlySpan<byte> key, int replicas = 1);

    /// <summary>
    /// Yields each ring change applied after this call, in group version order, buffered until read: call it before
    /// the changes you must not miss and enumerate the result once (several calls give independent readers). Ends
    /// when the partitioner is disposed or the group is deleted; cancelling <paramref name="cancellationToken"/> stops
    /// the enumeration with an <see cref="OperationCanceledException"/>.
    /// </summary>
    IAsyncEnumerable<RingChangedEventArgs> ReadRingChangesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Stops watching and leaves the group (Tooz's <c>leave_partitioned_group</c>); idempotent. Not being a member any
    /// more (the session expired or stopped) is not an error. Cancellation stops waiting for the leave; the
    /// membership then ends at the latest with the session.
    /// </summary>
    Task LeaveAsync(CancellationToken cancellationToken = default);
}
