namespace Orleans.Coord.Groups;

/// <summary>What happened to a member of a group.</summary>
[GenerateSerializer]
public enum GroupEventKind
{
    /// <summary>The member joined.</summary>
    Joined = 0,

    /// <summary>The member left: it called leave, or its session was stopped cleanly.</summary>
    Left = 1,

    /// <summary>The member's session missed its TTL; the membership was removed.</summary>
    Expired = 2,

    /// <summary>The member updated its capabilities.</summary>
    CapabilitiesUpdated = 3,
}
