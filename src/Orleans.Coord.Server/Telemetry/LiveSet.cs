using System.Collections.Concurrent;

namespace Orleans.Coord.Server.Telemetry;

/// <summary>
/// The activations of one kind in this silo that a gauge reads when it is observed: each adds itself when it activates
/// and removes itself when it deactivates. Nothing is counted on the grains' calls; the gauge reads their state
/// outside their turn, so a reading may be a moment old.
/// </summary>
internal sealed class LiveSet<T>
    where T : class
{
    private readonly ConcurrentDictionary<T, byte> _items = new(ReferenceEqualityComparer.Instance);

    public void Add(T item) => _items.TryAdd(item, 0);

    public void Remove(T item) => _items.TryRemove(item, out _);

    public IEnumerable<T> Items => _items.Keys;
}
