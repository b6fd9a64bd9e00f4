namespace Orleans.Coord;

/// <summary>
/// The member id is already a member of the group, through this session or another live one
/// (Tooz's <c>MemberAlreadyExist</c>). Nothing was changed.
/// </summary>
[GenerateSerializer]
public sealed class MemberAlreadyJoinedException : GroupMemberException
{
    /// <summary>Creates the exception for a group and member.</summary>
    public MemberAlreadyJoinedException(string group, string memberId)
        : base(group, memberId, $"Member '{memberId}' has already joined group '{group}'.")
    {
    }
}
