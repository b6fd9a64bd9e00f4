namespace Orleans.Coord;

/// <summary>
/// The member is not a member of the group, or not through the calling session (Tooz's <c>MemberNotJoined</c>).
/// Nothing was changed.
/// </summary>
[GenerateSerializer]
public sealed class MemberNotJoinedException : CoordinationException
{
    /// <summary>Creates the exception for a group and member.</summary>
    public MemberNotJoinedException(string group, string memberId)
        : base($"Member '{memberId}' is not a member of group '{group}'.")
    {
        Group = group;
        MemberId = memberId;
    }

    /// <summary>The group.</summary>
    [Id(0)]
    public string Group { get; private set; }

    /// <summary>The member id that is not joined.</summary>
    [Id(1)]
    public string MemberId { get; private set; }
}
