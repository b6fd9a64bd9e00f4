namespace Orleans.Coord.AdoNet.Tests.Grains;

/// <summary>The persisted state of <see cref="CounterGrain"/>.</summary>
[GenerateSerializer]
public sealed class CounterState
{
    [Id(0)]
    public int Value { get; set; }

    [Id(1)]
    public string? Label { get; set; }
}
