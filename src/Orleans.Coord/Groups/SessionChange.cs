namespace Orleans.Coord.Groups;

/// <summary>
/// The last change a live session made to a group, so that a copy of a change sent again (its answer was lost) is
/// answered as the first copy was instead of failing with "already joined" or "not joined", and so that a late copy of a
/// join whose member has left since does not join it again.
/// </summary>
/// <param name="RequestId">The request of the session's last applied join, leave or capabilities update.</param>
/// <param name="Version">The group version that change produced (its answer).</param>
/// <param name="JoinRequestId">The request of the session's last applied join (its member may have left since).</param>
[GenerateSerializer]
[Immutable]
public readonly record struct SessionChange(
    [property: Id(0)] Guid RequestId,
    [property: Id(1)] long Version,
    [property: Id(2)] Guid JoinRequestId);
