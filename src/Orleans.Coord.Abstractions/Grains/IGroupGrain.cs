using Orleans.Concurrency;
using Orleans.Coord.Groups;
using Orleans.Coord.Watching;

namespace Orleans.Coord.Grains;

/// <summary>
/// The authoritative state of one group, keyed by the group name. Every change is persisted before it is
/// answered and then published on the group's stream (<see cref="CoordConstants.GroupStreamNamespace"/>) and pushed to
/// the watchers registered with <see cref="IWatchableGrain{TEvent, TSnapshot}.WatchAsync"/>. Its snapshot
/// (<see cref="IWatchableGrain{TEvent, TSnapshot}.GetSnapshotAsync"/>) throws <see cref="GroupNotFoundException"/>
/// when the group does not exist.
/// Every change carries a request id chosen by the caller, new for each change. A copy of a change sent again with the
/// same id (because the answer to the first was lost, e.g. in a silo crash) is answered as the first copy was and is not
/// applied twice. A session's changes also carry their place in the session's order (<see cref="RequestOrder"/>): a
/// late copy of a change the session has moved past (applied before, or given up) is not applied either, so a late
/// join does not bring back a member that has left, and a late leave does not remove a member that has joined again.
/// Creates and deletes belong to no session: they name the group's revision they were decided on instead, so a late
/// copy of one finds the group changed and changes nothing.
/// </summary>
public interface IGroupGrain : ISessionBoundGrain, IWatchableGrain<GroupEvent, GroupSnapshot>
{
    /// <summary>
    /// The group's revision: it grows with every change to the group, creates and deletes included, and never goes back
    /// (0 for a group that never existed). A create or delete names the revision it was decided on.
    /// </summary>
    [ReadOnly]
    Task<long> GetRevisionAsync();

    /// <summary>
    /// Creates the group, provided it has not changed since <paramref name="revision"/> (read with
    /// <see cref="GetRevisionAsync"/>). Returns true when this request created the group (also for a copy of a request
    /// that did), and false, changing nothing, when the group does not exist but its revision has moved: read it again
    /// and send the same request id with the new revision. So a late copy of a create, arriving after the group was
    /// deleted, does not create it again.
    /// </summary>
    /// <param name="requestId">A new id per create; its copies (and its retries with a newer revision) send the same id.</param>
    /// <param name="revision">The revision the create was decided on.</param>
    /// <exception cref="GroupAlreadyExistsException">The group exists (and was not created by this request).</exception>
    Task<bool> CreateAsync(Guid requestId, long revision);

    /// <summary>
    /// Deletes the group, provided it is empty and has not changed since <paramref name="revision"/> (read with
    /// <see cref="GetRevisionAsync"/>). Returns true when this request deleted the group (also for a copy of a request
    /// that did), and false, changing nothing, when the group is empty but its revision has moved: read it again and
    /// send the same request id with the new revision. So a late copy of a delete, arriving after the group was created
    /// again, does not delete it.
    /// </summary>
    /// <param name="requestId">A new id per delete; its copies (and its retries with a newer revision) send the same id.</param>
    /// <param name="revision">The revision the delete was decided on.</param>
    /// <exception cref="GroupNotFoundException">The group does not exist (and was not deleted by this request).</exception>
    /// <exception cref="GroupNotEmptyException">The group has members.</exception>
    Task<bool> DeleteAsync(Guid requestId, long revision);

    /// <summary>
    /// Adds <paramref name="memberId"/> with <paramref name="capabilities"/> for the (already attached) session.
    /// Returns the group's version after the join.
    /// </summary>
    /// <exception cref="GroupNotFoundException">The group does not exist and <paramref name="createIfMissing"/> is false.</exception>
    /// <exception cref="MemberAlreadyJoinedException">The member id is already a member.</exception>
    /// <param name="sessionId">The joining session.</param>
    /// <param name="requestId">A new id per change.</param>
    /// <param name="order">The change's place among the session's requests to this group; a change numbered below the session's floor, or applied before, is not applied again (<see cref="RequestOrder"/>).</param>
    /// <param name="memberId">The member id.</param>
    /// <param name="capabilities">The member's capabilities.</param>
    /// <param name="createIfMissing">Whether the join creates a missing group.</param>
    /// <exception cref="SessionExpiredException">The session is no longer alive (nothing is left behind).</exception>
    Task<long> JoinAsync(Guid sessionId, Guid requestId, RequestOrder order, string memberId, byte[] capabilities, bool createIfMissing);

    /// <summary>Removes the member, which must have joined through <paramref name="sessionId"/>.</summary>
    /// <param name="sessionId">The member's session.</param>
    /// <param name="requestId">A new id per change.</param>
    /// <param name="order">The change's place among the session's requests to this group; a change numbered below the session's floor, or applied before, is not applied again (<see cref="RequestOrder"/>).</param>
    /// <param name="memberId">The member id.</param>
    /// <exception cref="GroupNotFoundException">The group does not exist.</exception>
    /// <exception cref="MemberNotJoinedException">The member is not a member through this session.</exception>
    Task<long> LeaveAsync(Guid sessionId, Guid requestId, RequestOrder order, string memberId);

    /// <summary>Replaces the member's capabilities; the member must have joined through <paramref name="sessionId"/>.</summary>
    /// <param name="sessionId">The member's session.</param>
    /// <param name="requestId">A new id per change.</param>
    /// <param name="order">The change's place among the session's requests to this group; a change numbered below the session's floor, or applied before, is not applied again (<see cref="RequestOrder"/>).</param>
    /// <param name="memberId">The member id.</param>
    /// <param name="capabilities">The new capabilities.</param>
    /// <exception cref="GroupNotFoundException">The group does not exist.</exception>
    /// <exception cref="MemberNotJoinedException">The member is not a member through this session.</exception>
    Task<long> UpdateCapabilitiesAsync(Guid sessionId, Guid requestId, RequestOrder order, string memberId, byte[] capabilities);

    /// <summary>One member.</summary>
    /// <exception cref="GroupNotFoundException">The group does not exist.</exception>
    /// <exception cref="MemberNotJoinedException">The member is not a member.</exception>
    [ReadOnly]
    Task<GroupMember> GetMemberAsync(string memberId);

    /// <summary>Whether <paramref name="memberId"/> is a live member (false when the group does not exist).</summary>
    [ReadOnly]
    Task<bool> IsMemberUpAsync(string memberId);
}
