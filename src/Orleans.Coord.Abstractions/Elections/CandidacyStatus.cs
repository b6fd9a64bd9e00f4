namespace Orleans.Coord.Elections;

/// <summary>The answer about one candidacy.</summary>
/// <param name="State">Where the candidacy stands.</param>
/// <param name="Term">The leadership's term when <see cref="State"/> is <see cref="CandidacyState.Leading"/>, else 0.</param>
[GenerateSerializer]
[Immutable]
public sealed record CandidacyStatus(
    [property: Id(0)] CandidacyState State,
    [property: Id(1)] long Term)
{
    /// <summary>The candidacy is not known.</summary>
    public static CandidacyStatus Unknown { get; } = new(CandidacyState.Unknown, 0);

    /// <summary>The candidate waits in line.</summary>
    public static CandidacyStatus Waiting { get; } = new(CandidacyState.Waiting, 0);

    /// <summary>The candidate leads with <paramref name="term"/>.</summary>
    public static CandidacyStatus Leading(long term) => new(CandidacyState.Leading, term);
}
