namespace Orleans.Coord.Elections;

/// <summary>What happened in an election.</summary>
[GenerateSerializer]
public enum ElectionEventKind
{
    /// <summary>A candidate became the leader with a new, higher term.</summary>
    Elected = 0,

    /// <summary>The leader resigned (or withdrew a campaign that had just won).</summary>
    Resigned = 1,

    /// <summary>The leader lost its leadership without resigning: its session was stopped, or it left the election's group.</summary>
    Lost = 2,

    /// <summary>The leader's session missed its TTL; the leadership was removed.</summary>
    Expired = 3,

    /// <summary>The leader proclaimed a new value; the term is unchanged.</summary>
    ValueChanged = 4,
}
