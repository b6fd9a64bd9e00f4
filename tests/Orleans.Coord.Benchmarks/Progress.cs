namespace Orleans.Coord.Benchmarks;

/// <summary>Progress lines go to stderr, so that stdout carries only the JSON results.</summary>
internal static class Progress
{
    public static void Say(string line) => Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {line}");
}
