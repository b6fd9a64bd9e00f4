using System.Collections.Concurrent;

namespace Orleans.Coord.AdoNet.Tests.Grains;

/// <summary>
/// Reminder ticks seen by <see cref="ReminderProbeGrain"/> activations, kept outside the grain so that the count survives
/// deactivation and moves between the in-process silos.
/// </summary>
public static class ReminderTicks
{
    private static readonly ConcurrentDictionary<(Guid Grain, string Reminder), int> Counts = new();

    public static void Record(Guid grain, string reminder) => Counts.AddOrUpdate((grain, reminder), 1, (_, n) => n + 1);

    public static int Count(Guid grain, string reminder) => Counts.TryGetValue((grain, reminder), out var n) ? n : 0;
}
