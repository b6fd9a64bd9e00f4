namespace Orleans.Coord.Watching;

/// <summary>The bounds of a push registration's lease (see <see cref="IWatchableGrain{TEvent, TSnapshot}.WatchAsync"/>).</summary>
public static class PushLease
{
    /// <summary>The longest lease a registration may ask for.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromHours(4);

    /// <summary>How many renewal periods a registration's lease spans, so that one late renewal does not drop it.</summary>
    public const int RenewalsPerLease = 3;

    /// <summary>Checks a requested lease.</summary>
    /// <exception cref="ArgumentOutOfRangeException">It is not positive or exceeds <see cref="Max"/>.</exception>
    public static TimeSpan Validate(TimeSpan lease, string argument) =>
        lease > TimeSpan.Zero && lease <= Max
            ? lease
            : throw new ArgumentOutOfRangeException(argument, lease, $"{argument} must be positive and at most {Max.TotalHours:0} hours.");
}
