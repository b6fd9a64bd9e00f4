namespace Orleans.Coord.ZooKeeper.Watches;

/// <summary>
/// Client-side record of the one-shot watches the server holds for this session, by client path.
/// Thread-safe. Used to route notifications to callbacks and to re-arm watches after a reconnect.
/// </summary>
internal sealed class WatchManager
{
    private readonly object _lock = new();
    private readonly Dictionary<string, List<ZooKeeperWatcher>> _data = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ZooKeeperWatcher>> _exist = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ZooKeeperWatcher>> _child = new(StringComparer.Ordinal);

    public void Add(WatchKind kind, string path, ZooKeeperWatcher watcher)
    {
        lock (_lock)
        {
            var table = Table(kind);
            if (!table.TryGetValue(path, out var list))
            {
                list = new List<ZooKeeperWatcher>(1);
                table[path] = list;
            }

            if (!list.Contains(watcher))
            {
                list.Add(watcher);
            }
        }
    }

    /// <summary>Removes and returns the watchers a node event triggers (each watcher once).</summary>
    public List<ZooKeeperWatcher> Trigger(WatchEventType type, string path)
    {
        var result = new List<ZooKeeperWatcher>();
        lock (_lock)
        {
            switch (type)
            {
                case WatchEventType.NodeCreated:
                case WatchEventType.NodeDataChanged:
                    Take(_data, path, result);
                    Take(_exist, path, result);
                    break;
                case WatchEventType.NodeDeleted:
                    Take(_data, path, result);
                    Take(_exist, path, result);
                    Take(_child, path, result);
                    break;
                case WatchEventType.NodeChildrenChanged:
                    Take(_child, path, result);
                    break;
            }
        }

        return result;
    }

    /// <summary>Removes and returns every watcher (each once), for the end of the session.</summary>
    public List<ZooKeeperWatcher> TakeAll()
    {
        var result = new List<ZooKeeperWatcher>();
        lock (_lock)
        {
            foreach (var table in new[] { _data, _exist, _child })
            {
                foreach (var list in table.Values)
                {
                    AddDistinct(list, result);
                }

                table.Clear();
            }
        }

        return result;
    }

    /// <summary>Returns the watched paths of each table, for a SetWatches request.</summary>
    public (List<string> Data, List<string> Exist, List<string> Child) Snapshot()
    {
        lock (_lock)
        {
            return (_data.Keys.ToList(), _exist.Keys.ToList(), _child.Keys.ToList());
        }
    }

    private Dictionary<string, List<ZooKeeperWatcher>> Table(WatchKind kind) => kind switch
    {
        WatchKind.Data => _data,
        WatchKind.Exist => _exist,
        _ => _child,
    };

    private static void Take(Dictionary<string, List<ZooKeeperWatcher>> table, string path, List<ZooKeeperWatcher> result)
    {
        if (table.Remove(path, out var list))
        {
            AddDistinct(list, result);
        }
    }

    private static void AddDistinct(List<ZooKeeperWatcher> source, List<ZooKeeperWatcher> result)
    {
        foreach (var watcher in source)
        {
            if (!result.Contains(watcher))
            {
                result.Add(watcher);
            }
        }
    }
}
