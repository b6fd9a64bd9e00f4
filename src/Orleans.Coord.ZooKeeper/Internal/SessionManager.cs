using Microsoft.Extensions.Logging;
using Orleans.Coord.ZooKeeper.Protocol;
using Orleans.Coord.ZooKeeper.Watches;

namespace Orleans.Coord.ZooKeeper.Internal;

/// <summary>
/// Owns the session: connects and reconnects (round robin over the connect string's servers, same session id and
/// password), tracks the state, re-arms watches after a reconnect, routes notifications, and sends requests on the
/// current connection. Requests made while disconnected wait for a connection for at most the session timeout.
/// </summary>
internal sealed partial class SessionManager : IConnectionOwner
{
    private readonly ZooKeeperClientOptions _options;
    private readonly ConnectString _connectString;
    private readonly ChrootPath _chroot;
    private readonly ILogger _logger;
    private readonly EventDispatcher _dispatcher;
    private readonly WatchManager _watches;
    private readonly Action<ZooKeeperState, ZooKeeperState, string?> _stateChanged;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly object _lock = new();
    private readonly ZooKeeperServerTrust? _trust;

    private ZooKeeperState _state = ZooKeeperState.NotConnected;
    private ServerConnection? _current;
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _closing;
    private Task? _loop;
    private int _serverIndex;
    private long _sessionId;
    private byte[] _password = new byte[16];
    private int _negotiatedTimeoutMs;
    private long _lastZxid;
    private int _xid;
    private int _pending;
    private Exception? _lastFailure;

    public SessionManager(
        ZooKeeperClientOptions options,
        ConnectString connectString,
        ILogger logger,
        EventDispatcher dispatcher,
        WatchManager watches,
        Action<ZooKeeperState, ZooKeeperState, string?> stateChanged)
    {
        _options = options;
        _trust = ZooKeeperServerTrust.From(options.Tls);
        _connectString = connectString;
        _chroot = new ChrootPath(connectString.Chroot);
        _logger = logger;
        _dispatcher = dispatcher;
        _watches = watches;
        _stateChanged = stateChanged;
        _serverIndex = Random.Shared.Next(connectString.Servers.Count);
        _negotiatedTimeoutMs = (int)options.SessionTimeout.TotalMilliseconds;
    }

    public ChrootPath Chroot => _chroot;

    public ZooKeeperState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    public long SessionId => Interlocked.Read(ref _sessionId);

    public TimeSpan SessionTimeout => TimeSpan.FromMilliseconds(Volatile.Read(ref _negotiatedTimeoutMs));

    public long LastZxid => Interlocked.Read(ref _lastZxid);

    public ZooKeeperServerAddress? CurrentServer
    {
        get
        {
            lock (_lock)
            {
                return _current?.Server;
            }
        }
    }

    /// <summary>Starts the connection loop (once) and waits until the first session is established.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_closing)
            {
                throw new ObjectDisposedException(nameof(ZooKeeperClient));
            }

            _loop ??= Task.Run(RunAsync);
        }

        var timeout = _options.ConnectTimeout;
        await WaitForAsync(
            () => _state switch
            {
                ZooKeeperState.Connected => true,
                ZooKeeperState.Expired => throw new SessionExpiredException(null),
                ZooKeeperState.Closed => throw new ObjectDisposedException(nameof(ZooKeeperClient)),
                _ => false,
            },
            timeout,
            () => Volatile.Read(ref _lastFailure) is { } last
                ? new ConnectionLossException(
                    null,
                    $"Could not establish a ZooKeeper session with any of '{_connectString}' within ConnectTimeout ({timeout.TotalMilliseconds:0} ms); the last attempt failed with: {last.Message} The client keeps trying until disposed.",
                    last)
                : new ConnectionLossException(
                    null,
                    $"Could not establish a ZooKeeper session with any of '{_connectString}' within ConnectTimeout ({timeout.TotalMilliseconds:0} ms). The client keeps trying until disposed."),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends a request and returns its decoded reply. Waits for a connection first if there is none (at most the
    /// session timeout, then <see cref="ConnectionLossException"/> without sending). A token cancelled before the call
    /// sends nothing; later cancellation stops the waiting, not the request: one already sent is still carried out.
    /// </summary>
    public async Task<T> SendAsync<T>(PendingRequest<T> request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfUnusable(request.ClientPath);
        var limit = _options.MaxPendingRequests;
        if (Interlocked.Increment(ref _pending) > limit)
        {
            Interlocked.Decrement(ref _pending);
            throw new TooManyPendingRequestsException(limit);
        }

        request.OnFinished = () => Interlocked.Decrement(ref _pending);
        _ = request.Result.ContinueWith(
            static task => _ = task.Exception, // observed here: the caller may have stopped waiting
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

        try
        {
            while (true)
            {
                var connection = await WaitForConnectionAsync(request.ClientPath, cancellationToken).ConfigureAwait(false);
                if (await connection.TrySendAsync(request).ConfigureAwait(false))
                {
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            request.Fail(ex);
        }

        return await request.Result.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Closes the session (closeSession request, bounded wait), stops reconnecting, moves to Closed and ends pending
    /// watches with a Closed event. Idempotent.
    /// </summary>
    public async Task CloseAsync()
    {
        ServerConnection? connection;
        Task? loop;
        lock (_lock)
        {
            if (_closing)
            {
                return;
            }

            _closing = true;
            connection = _state == ZooKeeperState.Connected ? _current : null;
            loop = _loop;
        }

        if (connection is not null)
        {
            var close = new PendingRequest<bool>(OpCode.CloseSession, Array.Empty<byte>(), null, null, static (error, _) => error == 0);
            try
            {
                if (await connection.TrySendAsync(close).ConfigureAwait(false))
                {
                    var waitFor = TimeSpan.FromMilliseconds(Math.Min(_options.ConnectTimeout.TotalMilliseconds, 3000));
                    await close.Result.WaitAsync(waitFor).ConfigureAwait(false);
                    _logger.LogDebug("Closed ZooKeeper session 0x{SessionId:x}.", SessionId);
                }
            }
            catch (Exception ex)
            {
                _logger.LogDebug(ex, "Closing ZooKeeper session 0x{SessionId:x} failed; the server will expire it.", SessionId);
            }
        }

        _shutdown.Cancel();
        if (loop is not null)
        {
            try
            {
                await loop.ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _logger.LogDebug(ex, "The ZooKeeper connection loop ended with an error.");
            }
        }

        ServerConnection? last;
        ZooKeeperState previous;
        lock (_lock)
        {
            previous = _state;
            last = _current;
            _current = null;
            _state = ZooKeeperState.Closed;
            SignalLocked();
        }

        if (last is not null)
        {
            await last.DisposeAsync().ConfigureAwait(false);
        }

        _stateChanged(previous, ZooKeeperState.Closed, null);
        EndWatches(ZooKeeperState.Closed);
        _shutdown.Dispose();
    }

    private void ThrowIfUnusable(string? path)
    {
        lock (_lock)
        {
            if (_closing || _state == ZooKeeperState.Closed)
            {
                throw new ObjectDisposedException(nameof(ZooKeeperClient));
            }

            if (_state == ZooKeeperState.Expired)
            {
                throw new SessionExpiredException(path);
            }

            if (_loop is null)
            {
                throw new InvalidOperationException("ZooKeeperClient.ConnectAsync must be called before any operation.");
            }
        }
    }

    private async Task<ServerConnection> WaitForConnectionAsync(string? path, CancellationToken cancellationToken)
    {
        ServerConnection? connection = null;
        var bound = _options.SessionTimeout;
        await WaitForAsync(
            () =>
            {
                if (_closing || _state == ZooKeeperState.Closed)
                {
                    throw new ObjectDisposedException(nameof(ZooKeeperClient));
                }

                if (_state == ZooKeeperState.Expired)
                {
                    throw new SessionExpiredException(path);
                }

                connection = _current is { IsDead: false } current ? current : null;
                return connection is not null;
            },
            bound,
            () => new ConnectionLossException(path, $"Not connected to any ZooKeeper server of '{_connectString}' within {bound.TotalMilliseconds:0} ms; the request was not sent."),
            cancellationToken).ConfigureAwait(false);
        return connection!;
    }

    /// <summary>
    /// Waits until <paramref name="done"/> (checked under the lock at every state change) answers true or throws, for
    /// at most <paramref name="bound"/>; then throws <paramref name="timedOut"/>'s exception.
    /// </summary>
    private async Task WaitForAsync(Func<bool> done, TimeSpan bound, Func<Exception> timedOut, CancellationToken cancellationToken)
    {
        var deadline = Environment.TickCount64 + (long)bound.TotalMilliseconds;
        while (true)
        {
            Task signal;
            lock (_lock)
            {
                if (done())
                {
                    return;
                }

                signal = _signal.Task;
            }

            var remaining = deadline - Environment.TickCount64;
            if (remaining <= 0)
            {
                throw timedOut();
            }

            try
            {
                await signal.WaitAsync(TimeSpan.FromMilliseconds(remaining), cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }
        }
    }

    private void EndWatches(ZooKeeperState state)
    {
        var ended = new WatchedEvent(WatchEventType.None, state, null);
        foreach (var watcher in _watches.TakeAll())
        {
            _dispatcher.Post(() => watcher(ended));
        }
    }

    private void SignalLocked()
    {
        var previous = _signal;
        _signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        previous.TrySetResult();
    }
}
