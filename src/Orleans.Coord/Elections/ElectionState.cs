namespace Orleans.Coord.Elections;

/// <summary>The persisted state of an election.</summary>
[GenerateSerializer]
public sealed class ElectionState
{
    /// <summary>The term of the last election; the next leader gets a greater one. Never goes back.</summary>
    [Id(0)]
    public long LastTerm { get; set; }

    /// <summary>The current leader, or null when nobody leads.</summary>
    [Id(1)]
    public ElectionLeadership? Leader { get; set; }

    /// <summary>The waiting candidates, first in line first.</summary>
    [Id(2)]
    public List<ElectionCandidate> Candidates { get; set; } = [];

    /// <summary>The version of the last published event.</summary>
    [Id(3)]
    public long Version { get; set; }

    /// <summary>The term each live session resigned last, so that a repeated resignation gets the first answer.</summary>
    [Id(4)]
    public Locks.LastReleases Resigned { get; set; } = new();
}
