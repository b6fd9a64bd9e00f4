namespace Orleans.Coord.Client.Partitioning;

/// <summary>The limits of hash ring and partitioner arguments, checked before anything changes.</summary>
public static class PartitionLimits
{
    /// <summary>The default number of ring points per unit of weight (Tooz's default).</summary>
    public const int DefaultPartitions = 32;

    /// <summary>The largest number of ring points per unit of weight.</summary>
    public const int MaxPartitions = 10_000;

    /// <summary>The largest weight of one node.</summary>
    public const int MaxWeight = 1000;

    /// <summary>Checks a partition count: 1 to <see cref="MaxPartitions"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is outside the range.</exception>
    public static int Partitions(int value, string paramName) =>
        value is < 1 or > MaxPartitions
            ? throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be 1 to {MaxPartitions}.")
            : value;

    /// <summary>Checks a weight: 1 to <see cref="MaxWeight"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The weight is outside the range.</exception>
    public static int Weight(int value, string paramName) =>
        value is < 1 or > MaxWeight
            ? throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be 1 to {MaxWeight}.")
            : value;

    /// <summary>Checks a replica count: at least 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is less than 1.</exception>
    public static int Replicas(int value, string paramName) =>
        value < 1
            ? throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be at least 1.")
            : value;
}
