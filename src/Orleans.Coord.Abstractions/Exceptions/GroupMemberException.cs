namespace Orleans.Coord;

/// <summary>The base of errors about one member of one group.</summary>
[GenerateSerializer]
public abstract class GroupMemberException : CoordinationException
{
    /// <summary>Creates the exception for a group and member with a message.</summary>
    protected GroupMemberException(string group, string memberId, string message) : base(message)
    {
        Group = group;
        MemberId = memberId;
    }

    /// <summary>The group.</summary>
    [Id(0)]
    public string Group { get; private set; }

    /// <summary>The member id.</summary>
    [Id(1)]
    public string MemberId { get; private set; }
}
