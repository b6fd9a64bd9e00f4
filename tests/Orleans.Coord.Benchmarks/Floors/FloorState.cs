namespace Orleans.Coord.Benchmarks.Floors;

/// <summary>A state of about the size of a held lock's: a counter, a session, a member id.</summary>
[GenerateSerializer]
internal sealed class FloorState
{
    [Id(0)]
    public long Counter { get; set; }

    [Id(1)]
    public Guid SessionId { get; set; } = Guid.NewGuid();

    [Id(2)]
    public string MemberId { get; set; } = "bench-member";
}
