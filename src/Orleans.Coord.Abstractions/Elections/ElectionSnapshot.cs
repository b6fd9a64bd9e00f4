namespace Orleans.Coord.Elections;

/// <summary>
/// An election at one version: its leader (if any) and how many candidates wait. Every event of the election after
/// this snapshot has a version greater than <see cref="Version"/>.
/// </summary>
/// <param name="Election">The election name.</param>
/// <param name="Version">The election's event version when the snapshot was taken.</param>
/// <param name="Leader">The leader, or null when nobody leads.</param>
/// <param name="LastTerm">The highest term ever given in this election (0 when nobody was ever elected).</param>
/// <param name="Candidates">How many candidates wait in line.</param>
[GenerateSerializer]
[Immutable]
public sealed record ElectionSnapshot(
    [property: Id(0)] string Election,
    [property: Id(1)] long Version,
    [property: Id(2)] ElectionLeader? Leader,
    [property: Id(3)] long LastTerm,
    [property: Id(4)] int Candidates);
