namespace Orleans.Coord.Grpc;

/// <summary>
/// Bounds of the gRPC API on one silo (configuration section <c>Coordination:Grpc</c> in the silo program). A call
/// beyond a bound fails with <c>RESOURCE_EXHAUSTED</c> and changes nothing.
/// </summary>
public sealed class CoordGrpcOptions
{
    /// <summary>The largest request message the silo accepts, in bytes (default 256 KiB, allowed 64 KiB + 1 KiB to 16 MiB).</summary>
    public int MaxReceiveMessageBytes { get; set; } = 256 * 1024;

    /// <summary>The largest response message the silo sends, in bytes (default 16 MiB, allowed 64 KiB + 1 KiB to 256 MiB).</summary>
    public int MaxSendMessageBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>How many sessions the silo relays at once (default 10 000, allowed 1 to 1 000 000).</summary>
    public int MaxSessions { get; set; } = 10_000;

    /// <summary>How many sessions one connection may start while they are alive (default 1 000, allowed 1 to 1 000 000).</summary>
    public int MaxSessionsPerConnection { get; set; } = 1_000;

    /// <summary>
    /// How many streams (keep-alive, watches, observations) and waiting calls (acquires, campaigns) one session may have
    /// open at once (default 256, allowed 1 to 100 000).
    /// </summary>
    public int MaxStreamsPerSession { get; set; } = 256;

    /// <summary>How many lock holds and leaderships one session may have at once (default 10 000, allowed 1 to 1 000 000).</summary>
    public int MaxHoldsPerSession { get; set; } = 10_000;

    /// <summary>Checks every option and throws an <see cref="ArgumentException"/> naming the option and its limit.</summary>
    public void Validate()
    {
        const int minMessage = (64 + 1) * 1024;
        Range(MaxReceiveMessageBytes, minMessage, 16 * 1024 * 1024, nameof(MaxReceiveMessageBytes));
        Range(MaxSendMessageBytes, minMessage, 256 * 1024 * 1024, nameof(MaxSendMessageBytes));
        Range(MaxSessions, 1, 1_000_000, nameof(MaxSessions));
        Range(MaxSessionsPerConnection, 1, 1_000_000, nameof(MaxSessionsPerConnection));
        Range(MaxStreamsPerSession, 1, 100_000, nameof(MaxStreamsPerSession));
        Range(MaxHoldsPerSession, 1, 1_000_000, nameof(MaxHoldsPerSession));
    }

    private static void Range(int value, int min, int max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be {min} to {max} (got {value}).");
        }
    }
}
