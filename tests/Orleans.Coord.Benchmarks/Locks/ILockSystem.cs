namespace Orleans.Coord.Benchmarks.Locks;

/// <summary>A lock implementation under test: Orleans.Coord or a peer library, behind the same workload and checker.</summary>
internal interface ILockSystem : IAsyncDisposable
{
    /// <summary>"orleans-coord" or the peer's package name.</summary>
    string System { get; }

    /// <summary>Starts one contender (a session for Orleans.Coord, a connection or lock object for a peer).</summary>
    Task<ILockContender> StartContenderAsync(string id);
}

/// <summary>One party that takes the lock in turn.</summary>
internal interface ILockContender : IAsyncDisposable
{
    /// <summary>Acquires the lock (waiting up to <paramref name="timeout"/>) and returns the hold with its fencing token, if the system has one.</summary>
    Task<(IAsyncDisposable Hold, long? Token)> AcquireAsync(string name, TimeSpan timeout);
}
