using Orleans.Coord.Watching;

namespace Orleans.Coord.Tests.Watching;

/// <summary>A real watchable grain's reference that counts the registrations and unregistrations sent through it.</summary>
internal sealed class CountingWatchableGrain<TEvent, TSnapshot>(IWatchableGrain<TEvent, TSnapshot> grain) : IWatchableGrain<TEvent, TSnapshot>
{
    private int _watches;
    private int _unwatches;

    public int Watches => Volatile.Read(ref _watches);

    public int Unwatches => Volatile.Read(ref _unwatches);

    public Task<long> WatchAsync(ICoordEventObserver<TEvent> watcher, TimeSpan lease)
    {
        Interlocked.Increment(ref _watches);
        return grain.WatchAsync(watcher, lease);
    }

    public Task UnwatchAsync(ICoordEventObserver<TEvent> watcher)
    {
        Interlocked.Increment(ref _unwatches);
        return grain.UnwatchAsync(watcher);
    }

    public Task<TSnapshot> GetSnapshotAsync() => grain.GetSnapshotAsync();

    public Task<long> GetVersionAsync() => grain.GetVersionAsync();
}
