namespace Orleans.Coord.Grains;

/// <summary>
/// Where a session's request stands among the session's requests to one grain, so that the grain can tell a late copy
/// from a live request (docs/design.md, "The request ledger"). A client sends a request again when no answer came in
/// time, and an earlier copy can reach the grain long after the request ended: after its grant was released, after it
/// was withdrawn, after a try was refused. Such a copy must change nothing. The grain refuses every request numbered
/// below the highest <see cref="Floor"/> it has seen from the session, and remembers the requests at or above that
/// floor that it has already applied or that were withdrawn, until the floor passes them.
/// </summary>
/// <param name="Sequence">
/// The request's number: unique within the session and greater than the number of every earlier request of the
/// session. Every copy of a request carries the same number.
/// </param>
/// <param name="Floor">
/// The lowest number of the session's requests to this grain that may still be in flight: every request of the session
/// to this grain numbered below it has ended at the client, and a copy of one of them that arrives later is refused. At
/// most <see cref="Sequence"/> on a new request.
/// </param>
/// <remarks>
/// A caller that passes <c>default</c> (0, 0) for every request keeps the floor at 0: nothing is refused for its number,
/// and the grain remembers each of the session's spent requests until the session ends.
/// </remarks>
[GenerateSerializer]
[Immutable]
public readonly record struct RequestOrder(
    [property: Id(0)] long Sequence,
    [property: Id(1)] long Floor);
