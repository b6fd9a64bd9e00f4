using Orleans.Coord.Elections;

namespace Orleans.Coord.Client;

/// <summary>
/// This session's leadership of one election, won by a campaign. It lasts until <see cref="ResignAsync"/> (or
/// disposal), until the session stops or expires, or, for a group-tied election, until the member leaves the group;
/// then <see cref="Lost"/> fires (except after a resignation). Disposing resigns (errors are logged, not thrown).
/// </summary>
public interface ILeadership : IAsyncDisposable
{
    /// <summary>The election name.</summary>
    string Election { get; }

    /// <summary>
    /// The term of this leadership: greater than the term of every earlier leader of the same election, also across
    /// silo loss. Pass it to the resources the leader writes to, as a fencing token.
    /// </summary>
    long Term { get; }

    /// <summary>The value this leader campaigned with, or last proclaimed.</summary>
    ReadOnlyMemory<byte> Value { get; }

    /// <summary>
    /// Cancelled when the leadership is lost without this object resigning: the session was lost (the client's lease
    /// clock fires no later than the cluster expires the session) or stopped, or the member left the election's group.
    /// </summary>
    CancellationToken Lost { get; }

    /// <summary>
    /// Resigns and lets the next candidate in line be elected (with a higher term). Returns false when this leadership
    /// had already ended (resigned, lost or expired); never ends anyone else's leadership. A resignation whose answer is
    /// lost in a silo crash is sent again and still answers true (see <see cref="ILockHandle.ReleaseAsync"/>).
    /// </summary>
    Task<bool> ResignAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the leader's value (at most 64 KiB); observers see an <see cref="Orleans.Coord.Elections.ElectionEventKind.ValueChanged"/>
    /// event with the same term.
    /// </summary>
    /// <exception cref="ArgumentException">The value is larger than 64 KiB; nothing is changed.</exception>
    /// <exception cref="NotLeaderException">This leadership has ended; nothing is changed.</exception>
    Task ProclaimAsync(ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default);
}
