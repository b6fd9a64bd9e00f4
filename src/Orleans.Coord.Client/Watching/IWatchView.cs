namespace Orleans.Coord.Client.Watching;

/// <summary>A watcher's local copy of what it watches, kept at one version, and the difference to a newer snapshot.</summary>
internal interface IWatchView<TEvent, TSnapshot>
{
    /// <summary>The version of the last event applied or snapshot moved to.</summary>
    long Version { get; }

    /// <summary>Applies the event whose version is <see cref="Version"/> + 1.</summary>
    void Apply(TEvent e);

    /// <summary>Moves to <paramref name="newer"/> and returns the changes in between as resync events.</summary>
    IReadOnlyList<TEvent> MoveTo(TSnapshot newer, DateTimeOffset now);
}
