namespace Orleans.Coord.ZooKeeper.Tests.Infrastructure;

/// <summary>Records a client's state changes in order.</summary>
public sealed class StateRecorder
{
    private readonly object _lock = new();
    private readonly List<ZooKeeperState> _states = new();

    public StateRecorder(ZooKeeperClient client)
    {
        client.StateChanged += (_, e) =>
        {
            lock (_lock)
            {
                _states.Add(e.Current);
            }
        };
    }

    public IReadOnlyList<ZooKeeperState> States
    {
        get
        {
            lock (_lock)
            {
                return _states.ToList();
            }
        }
    }

    public bool Saw(ZooKeeperState state) => States.Contains(state);

    public int Count(ZooKeeperState state) => States.Count(s => s == state);
}
