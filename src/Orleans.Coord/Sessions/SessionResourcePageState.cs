namespace Orleans.Coord.Sessions;

/// <summary>The persisted resources of one page.</summary>
[GenerateSerializer]
public sealed class SessionResourcePageState
{
    /// <summary>The resources, in attach order.</summary>
    [Id(0)]
    public List<GrainId> Resources { get; set; } = [];
}
