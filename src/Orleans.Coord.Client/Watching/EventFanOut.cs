namespace Orleans.Coord.Client.Watching;

/// <summary>
/// The event buffers of the watches attached to one <see cref="SharedWatchFeed{TEvent, TSnapshot}"/>: each event that
/// arrives by the feed's push or its stream is written to every one of them, in this process. Thread-safe: writing
/// takes no lock (it reads an array that adding and removing replace), so a buffer removed while an event is being
/// written may still receive that event, which is harmless (nobody reads it any more).
/// </summary>
internal sealed class EventFanOut<TEvent>
    where TEvent : class
{
    private readonly Lock _gate = new();
    private VersionedEventBuffer<TEvent>[] _buffers = [];

    /// <summary>How many buffers receive events.</summary>
    public int Count => Volatile.Read(ref _buffers).Length;

    public void Add(VersionedEventBuffer<TEvent> buffer)
    {
        lock (_gate)
        {
            Volatile.Write(ref _buffers, [.. _buffers, buffer]);
        }
    }

    /// <summary>Stops writing to <paramref name="buffer"/>; false when it was not here.</summary>
    public bool Remove(VersionedEventBuffer<TEvent> buffer)
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_buffers, buffer);
            if (index < 0)
            {
                return false;
            }

            Volatile.Write(ref _buffers, [.. _buffers.AsSpan(0, index), .. _buffers.AsSpan(index + 1)]);
            return true;
        }
    }

    /// <summary>Writes <paramref name="e"/> to every buffer (each drops what it has or has passed).</summary>
    public void Write(TEvent e)
    {
        foreach (var buffer in Volatile.Read(ref _buffers))
        {
            buffer.Write(e);
        }
    }
}
