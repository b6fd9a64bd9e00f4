namespace Orleans.Coord.Elections;

/// <summary>Where a candidacy stands.</summary>
[GenerateSerializer]
public enum CandidacyState
{
    /// <summary>The election does not know the candidacy: never made, withdrawn, or its leadership already ended.</summary>
    Unknown = 0,

    /// <summary>The candidate waits in the election's FIFO queue.</summary>
    Waiting = 1,

    /// <summary>The candidate leads.</summary>
    Leading = 2,
}
