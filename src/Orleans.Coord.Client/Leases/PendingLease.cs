namespace Orleans.Coord.Client.Leases;

/// <summary>One request in flight: its grant when a push brings it, and the grants lost before their handle was made.</summary>
internal sealed class PendingLease
{
    private readonly TaskCompletionSource<long> _granted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lostToken;

    /// <summary>Completes with the token when the grain pushes the grant.</summary>
    public Task<long> Granted => _granted.Task;

    public void Grant(long token) => _granted.TrySetResult(token);

    public void Lose(long token) => Volatile.Write(ref _lostToken, token);

    public bool WasLost(long token) => Volatile.Read(ref _lostToken) == token;
}
