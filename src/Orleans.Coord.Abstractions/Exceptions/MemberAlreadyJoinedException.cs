namespace Orleans.Coord;

/// <summary>
/// The member id is already a member of the group, through this session or another live one
/// (Tooz's <c>MemberAlreadyExist</c>). Nothing was changed.
/// </summary>
[GenerateSerializer]
public sealed class MemberAlreadyJoinedException : CoordinationException
{
    /// <summary>Creates the exception for a group and member.</summary>
    public MemberAlreadyJoinedException(string group, string memberId)
        : base($"Member '{memberId}' has already joined group '{group}'.")
    {
        Group = group;
        MemberId = memberId;
    }

    /// <summary>The group.</summary>
    [Id(0)]
    public string Group { get; private set; }

    /// <summary>The member id that is already joined.</summary>
    [Id(1)]
    public string MemberId { get; private set; }
}
