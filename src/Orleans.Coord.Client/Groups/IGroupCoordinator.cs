using Orleans.Coord.Groups;

namespace Orleans.Coord.Client;

/// <summary>
/// Group membership, as in Tooz: named groups of members with capabilities. Memberships are leased by the session:
/// they end when the session stops (reason "session stopped") or expires (event <see cref="GroupEventKind.Expired"/>).
/// Every method validates its arguments before any call (an <see cref="ArgumentException"/> naming the argument and
/// the limit) and cancellation stops waiting for the answer; a change already sent may still be applied.
/// </summary>
public interface IGroupCoordinator
{
    /// <summary>Creates a group.</summary>
    /// <exception cref="GroupAlreadyExistsException">The group exists.</exception>
    Task CreateAsync(string group, CancellationToken cancellationToken = default);

    /// <summary>Deletes an empty group.</summary>
    /// <exception cref="GroupNotFoundException">The group does not exist.</exception>
    /// <exception cref="GroupNotEmptyException">The group has members.</exception>
    Task DeleteAsync(string group, CancellationToken cancellationToken = default);

    /// <summary>The names of all existing groups, sorted ordinally.</summary>
    Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Joins an existing group as this session's member id, with opaque capabilities (at most 64 KiB).</summary>
    /// <exception cref="GroupNotFoundException">The group does not exist.</exception>
    /// <exception cref="MemberAlreadyJoinedException">This member id is already a member (through any live session).</exception>
    /// <exception cref="SessionExpiredException">The session is no longer alive.</exception>
    Task JoinAsync(string group, ReadOnlyMemory<byte> capabilities = default, CancellationToken cancellationToken = default);

    /// <summary>Joins the group, creating it first when it does not exist (Tooz's <c>join_group_create</c>).</summary>
    /// <exception cref="MemberAlreadyJoinedException">This member id is already a member (through any live session).</exception>
    /// <exception cref="SessionExpiredException">The session is no longer alive.</exception>
    Task JoinOrCreateAsync(string group, ReadOnlyMemory<byte> capabilities = default, CancellationToken cancellationToken = default);

    /// <summary>Leaves the group.</summary>
    /// <exception cref="GroupNotFoundException">The group does not exist.</exception>
    /// <exception cref="MemberNotJoinedException">This session is not a member.</exception>
    Task LeaveAsync(string group, CancellationToken cancellationToken = default);

    /// <summary>The live members with their capabilities and join/update times, ordered by member id.</summary>
    /// <exception cref="GroupNotFoundException">The group does not exist.</exception>
    Task<IReadOnlyList<GroupMember>> GetMembersAsync(string group, CancellationToken cancellationToken = default);

    /// <summary>The members and the group version they are at (the starting point of a watch).</summary>
    /// <exception cref="GroupNotFoundException">The group does not exist.</exception>
    Task<GroupSnapshot> GetSnapshotAsync(string group, CancellationToken cancellationToken = default);

    /// <summary>One member's capabilities, join time and update time (Tooz's <c>get_member_info</c>).</summary>
    /// <exception cref="GroupNotFoundException">The group does not exist.</exception>
    /// <exception cref="MemberNotJoinedException">The member is not a member.</exception>
    Task<GroupMember> GetMemberAsync(string group, string memberId, CancellationToken cancellationToken = default);

    /// <summary>Replaces this session's capabilities in the group.</summary>
    /// <exception cref="GroupNotFoundException">The group does not exist.</exception>
    /// <exception cref="MemberNotJoinedException">This session is not a member.</exception>
    Task UpdateCapabilitiesAsync(string group, ReadOnlyMemory<byte> capabilities, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether <paramref name="memberId"/> is a live member of the group (Nova's <c>service_is_up</c>): false when
    /// it never joined, left, expired, or the group does not exist.
    /// </summary>
    Task<bool> IsMemberUpAsync(string group, string memberId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Watches the group: yields every change after the moment of the call exactly once, in version order, pushed
    /// through the group's stream. When the stream loses events (for example a silo died), the watcher notices the
    /// version gap (or, within <see cref="CoordinatorOptions.WatchResyncInterval"/>, a version it never received),
    /// re-reads the snapshot and yields the difference as events with <see cref="GroupEvent.IsResync"/> set.
    /// The sequence ends when <paramref name="cancellationToken"/> is cancelled or the group is deleted.
    /// </summary>
    /// <exception cref="GroupNotFoundException">The group does not exist when the watch starts.</exception>
    IAsyncEnumerable<GroupEvent> WatchAsync(string group, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts a watch and returns once it is subscribed and has read its snapshot: every change made after this returns
    /// will be read from <see cref="IGroupWatch.ReadEventsAsync"/>. Use it to get the current members and the changes
    /// after them without a race.
    /// </summary>
    /// <exception cref="GroupNotFoundException">The group does not exist.</exception>
    Task<IGroupWatch> OpenWatchAsync(string group, CancellationToken cancellationToken = default);
}
