namespace Orleans.Coord;

/// <summary>
/// The member is not a member of the group, or not through the calling session (Tooz's <c>MemberNotJoined</c>).
/// Nothing was changed.
/// </summary>
[GenerateSerializer]
public sealed class MemberNotJoinedException : GroupMemberException
{
    /// <summary>Creates the exception for a group and member.</summary>
    public MemberNotJoinedException(string group, string memberId)
        : base(group, memberId, $"Member '{memberId}' is not a member of group '{group}'.")
    {
    }
}
