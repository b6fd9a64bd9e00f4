using System.Globalization;

namespace Orleans.Coord.Cli.Output;

/// <summary>How long ago, or how long, in the short form tables use: <c>0.4s</c>, <c>12s</c>, <c>3m05s</c>, <c>2h10m</c>, <c>4d03h</c>.</summary>
internal static class Age
{
    /// <summary>The time from <paramref name="since"/> until now (never negative: the silo's clock may run ahead).</summary>
    public static TimeSpan Since(DateTimeOffset since)
    {
        var age = DateTimeOffset.UtcNow - since;
        return age < TimeSpan.Zero ? TimeSpan.Zero : age;
    }

    public static string Format(TimeSpan span) => span switch
    {
        { TotalSeconds: < 10 } => span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s",
        { TotalMinutes: < 1 } => $"{(int)span.TotalSeconds}s",
        { TotalHours: < 1 } => $"{(int)span.TotalMinutes}m{span.Seconds:00}s",
        { TotalDays: < 1 } => $"{(int)span.TotalHours}h{span.Minutes:00}m",
        _ => $"{(int)span.TotalDays}d{span.Hours:00}h",
    };

    /// <summary>Seconds, rounded to milliseconds, for JSON.</summary>
    public static double Seconds(TimeSpan span) => Math.Round(span.TotalSeconds, 3);

    /// <summary>A timestamp as tables show it: UTC, to the second.</summary>
    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
