namespace Orleans.Coord.AdoNet.Tests.Grains;

/// <summary>Registers a reminder and records its ticks in <see cref="ReminderTicks"/>.</summary>
public interface IReminderProbeGrain : IGrainWithGuidKey
{
    /// <summary>Registers (or replaces) the reminder <paramref name="name"/>.</summary>
    Task Register(string name, TimeSpan dueTime, TimeSpan period);

    /// <summary>Returns true if the reminder <paramref name="name"/> is registered.</summary>
    Task<bool> IsRegistered(string name);

    /// <summary>Unregisters the reminder <paramref name="name"/>.</summary>
    Task Unregister(string name);
}
