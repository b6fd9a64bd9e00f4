namespace Orleans.Coord.Grains;

/// <summary>How a reader-writer lock maps onto permits.</summary>
public static class ReaderWriterPermits
{
    /// <summary>The capacity of every reader-writer lock; also the permits a writer takes.</summary>
    public const int Capacity = int.MaxValue;

    /// <summary>The permits a reader takes.</summary>
    public const int Reader = 1;

    /// <summary>The permits a writer takes: all of them.</summary>
    public const int Writer = Capacity;
}
