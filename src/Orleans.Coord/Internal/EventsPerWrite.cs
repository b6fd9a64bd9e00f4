namespace Orleans.Coord.Internal;

/// <summary>
/// Gathers the events that one write of a <see cref="CommitPipeline{TState}"/> persists and hands them over together
/// once that write has succeeded (one stream call per write instead of one per event), in version order.
/// </summary>
/// <param name="publish">Sends one write's events; it runs after the write, in the order of the writes.</param>
internal sealed class EventsPerWrite<TEvent>(Func<IReadOnlyList<TEvent>, Task> publish)
{
    private List<TEvent>? _current;
    private long _batch;

    /// <summary>Records a change that produced <paramref name="e"/>; it is published after the write that persists the change.</summary>
    public void Add<TState>(CommitPipeline<TState> commits, TEvent e)
        where TState : class
    {
        var batch = commits.Changed();
        if (_current is not null && _batch == batch)
        {
            _current.Add(e);
            return;
        }

        var events = _current = [e];
        _batch = batch;
        commits.AfterWrite(() => publish(events));
    }
}
