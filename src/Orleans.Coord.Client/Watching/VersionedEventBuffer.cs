namespace Orleans.Coord.Client.Watching;

/// <summary>
/// The events of one watch, from both its paths (the stream and the push), handed to the reader in version order. The
/// two paths, and even two pushes, may arrive out of order; so when the next version is missing but later ones are
/// here, the reader waits up to <see cref="GapGrace"/> for it before being handed the later one (and resynchronising).
/// A version that arrives twice, or that the reader has passed, is dropped.
/// </summary>
/// <param name="versionOf">An event's version.</param>
/// <param name="onGapWait">Called each time the reader starts waiting for a missing version.</param>
internal sealed class VersionedEventBuffer<TEvent>(Func<TEvent, long> versionOf, Action? onGapWait = null)
    where TEvent : class
{
    /// <summary>How long a missing version is waited for while later ones are here: several stream polls.</summary>
    public static readonly TimeSpan GapGrace = TimeSpan.FromMilliseconds(250);

    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, TEvent> _pending = [];
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>An event's version.</summary>
    public long VersionOf(TEvent e) => versionOf(e);

    /// <summary>Adds an event from either path; thread-safe.</summary>
    public void Write(TEvent e)
    {
        TaskCompletionSource arrived;
        lock (_gate)
        {
            if (!_pending.TryAdd(versionOf(e), e))
            {
                return;
            }

            arrived = _arrived;
            _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        arrived.TrySetResult();
    }

    /// <summary>
    /// The next event after version <paramref name="after"/>: version <paramref name="after"/> + 1 as soon as it is
    /// here; the lowest later one when that has waited <see cref="GapGrace"/>; null when nothing arrives within
    /// <paramref name="quiet"/>. One reader at a time.
    /// </summary>
    public async Task<TEvent?> ReadAsync(long after, TimeSpan quiet, CancellationToken cancellationToken)
    {
        var quietEnds = DateTime.UtcNow + quiet;
        DateTime? gapEnds = null;
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                while (_pending.Count > 0 && _pending.First().Key <= after)
                {
                    _pending.Remove(_pending.First().Key);
                }

                if (_pending.Remove(after + 1, out var next))
                {
                    return next;
                }

                if (_pending.Count > 0)
                {
                    if (gapEnds is null)
                    {
                        gapEnds = DateTime.UtcNow + GapGrace;
                        onGapWait?.Invoke();
                    }

                    if (DateTime.UtcNow >= gapEnds)
                    {
                        var (version, later) = _pending.First();
                        _pending.Remove(version);
                        return later;
                    }
                }

                arrived = _arrived.Task;
            }

            var remaining = (gapEnds ?? quietEnds) - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                if (gapEnds is null)
                {
                    return null;
                }

                continue;
            }

            try
            {
                await arrived.WaitAsync(remaining, cancellationToken);
            }
            catch (TimeoutException) when (gapEnds is null)
            {
                return null;
            }
            catch (TimeoutException)
            {
                // The grace has passed: the next turn hands out the later version.
            }
        }
    }
}
