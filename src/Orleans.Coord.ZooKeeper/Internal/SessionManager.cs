using Microsoft.Extensions.Logging;
using Orleans.Coord.ZooKeeper.Protocol;
using Orleans.Coord.ZooKeeper.Watches;

namespace Orleans.Coord.ZooKeeper.Internal;

/// <summary>
/// Owns the session: connects and reconnects (round robin over the connect string's servers, same session id and
/// password), tracks the state, re-arms watches after a reconnect, routes notifications, and sends requests on the
/// current connection. Requests made while disconnected wait for a connection for at most the session timeout.
/// </summary>
internal sealed class SessionManager : IConnectionOwner
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

    public SessionManager(
        ZooKeeperClientOptions options,
        ConnectString connectString,
        ILogger logger,
        EventDispatcher dispatcher,
        WatchManager watches,
        Action<ZooKeeperState, ZooKeeperState, string?> stateChanged)
    {
        _options = options;
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
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            Task signal;
            lock (_lock)
            {
                switch (_state)
                {
                    case ZooKeeperState.Connected:
                        return;
                    case ZooKeeperState.Expired:
                        throw new SessionExpiredException(null);
                    case ZooKeeperState.Closed:
                        throw new ObjectDisposedException(nameof(ZooKeeperClient));
                }

                signal = _signal.Task;
            }

            var remaining = deadline - Environment.TickCount64;
            if (remaining <= 0)
            {
                throw new ConnectionLossException(
                    null,
                    $"Could not establish a ZooKeeper session with any of '{_connectString}' within ConnectTimeout ({timeout.TotalMilliseconds:0} ms). The client keeps trying until disposed.");
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

    int IConnectionOwner.NextXid() => Interlocked.Increment(ref _xid) & int.MaxValue;

    void IConnectionOwner.OnZxid(long zxid)
    {
        var seen = Interlocked.Read(ref _lastZxid);
        while (zxid > seen)
        {
            var previous = Interlocked.CompareExchange(ref _lastZxid, zxid, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }

    void IConnectionOwner.OnNotification(WatcherEventRecord notification)
    {
        var type = (WatchEventType)notification.Type;
        if (type == WatchEventType.None)
        {
            return;
        }

        var path = _chroot.ToClient(notification.Path);
        var watchers = _watches.Trigger(type, path);
        if (watchers.Count == 0)
        {
            return;
        }

        var watchedEvent = new WatchedEvent(type, ZooKeeperState.Connected, path);
        foreach (var watcher in watchers)
        {
            _dispatcher.Post(() => watcher(watchedEvent));
        }
    }

    void IConnectionOwner.OnReply(PendingRequest request, int errorCode)
    {
        var registration = request.Watch;
        var kind = registration?.KindFor(errorCode);
        if (registration is not null && kind is not null)
        {
            _watches.Add(kind.Value, registration.ClientPath, registration.Watcher);
        }
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
        var bound = _options.SessionTimeout;
        var deadline = Environment.TickCount64 + (long)bound.TotalMilliseconds;
        while (true)
        {
            Task signal;
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

                if (_current is { IsDead: false })
                {
                    return _current;
                }

                signal = _signal.Task;
            }

            var remaining = deadline - Environment.TickCount64;
            if (remaining <= 0)
            {
                throw new ConnectionLossException(
                    path,
                    $"Not connected to any ZooKeeper server of '{_connectString}' within {bound.TotalMilliseconds:0} ms; the request was not sent.");
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

    private async Task RunAsync()
    {
        var token = _shutdown.Token;
        var servers = _connectString.Servers;
        var failuresInRow = 0;
        var requestedTimeoutMs = (int)_options.SessionTimeout.TotalMilliseconds;
        while (!token.IsCancellationRequested)
        {
            var server = servers[_serverIndex];
            _serverIndex = (_serverIndex + 1) % servers.Count;

            ServerConnection connection;
            try
            {
                var request = new ConnectRequest(LastZxid, requestedTimeoutMs, SessionId, _password);
                _logger.LogDebug("Connecting to ZooKeeper server {Server} (session 0x{SessionId:x}).", server, request.SessionId);
                var (opened, response) = await ServerConnection.OpenAsync(server, request, AttemptTimeout(), this, _logger, token).ConfigureAwait(false);
                connection = opened;
                var known = SessionId;
                if (response.TimeoutMilliseconds <= 0 || (known != 0 && response.SessionId != known))
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                    OnExpired(server);
                    return;
                }

                Interlocked.Exchange(ref _sessionId, response.SessionId);
                _password = response.Password;
                Volatile.Write(ref _negotiatedTimeoutMs, response.TimeoutMilliseconds);
                failuresInRow = 0;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failuresInRow++;
                _logger.LogDebug(ex, "Connecting to ZooKeeper server {Server} failed (attempt {Attempt}).", server, failuresInRow);
                if (failuresInRow % servers.Count == 0)
                {
                    var delay = Math.Min(1000, 50 << Math.Min(5, (failuresInRow / servers.Count) - 1)) + Random.Shared.Next(50);
                    try
                    {
                        await Task.Delay(delay, token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }

                continue;
            }

            if (!await TryBecomeConnectedAsync(connection).ConfigureAwait(false))
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                return;
            }

            var reason = await connection.Closed.ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
            if (!BecomeDisconnected(connection, reason))
            {
                return;
            }
        }
    }

    /// <summary>
    /// Bound of one connect + handshake attempt: a third of the session timeout shared among the servers (at least
    /// 2 s, at most ConnectTimeout), so that a server that accepts but never answers cannot use up the time in which
    /// the session could still be saved by another server.
    /// </summary>
    private TimeSpan AttemptTimeout()
    {
        var sessionMs = Math.Min(_options.SessionTimeout.TotalMilliseconds, Volatile.Read(ref _negotiatedTimeoutMs));
        var perServer = Math.Max(2000, sessionMs / 3 / _connectString.Servers.Count);
        return TimeSpan.FromMilliseconds(Math.Min(perServer, _options.ConnectTimeout.TotalMilliseconds));
    }

    private async Task<bool> TryBecomeConnectedAsync(ServerConnection connection)
    {
        ZooKeeperState previous;
        lock (_lock)
        {
            if (_closing)
            {
                return false;
            }

            previous = _state;
            _state = ZooKeeperState.Connected;
        }

        _logger.LogInformation(
            "Connected to ZooKeeper server {Server}, session 0x{SessionId:x}, timeout {Timeout} ms.",
            connection.Server,
            SessionId,
            connection.SessionTimeoutMs);
        _stateChanged(previous, ZooKeeperState.Connected, connection.Server.ToString());

        connection.Start();

        // Re-arm watches before any other request can use the connection, so the server sees them first.
        var rearmed = await WatchRearmer.SendAsync(connection, _watches, _chroot, LastZxid).ConfigureAwait(false);
        if (rearmed > 0)
        {
            _logger.LogDebug("Re-armed {Count} ZooKeeper watches from zxid 0x{Zxid:x}.", rearmed, LastZxid);
        }

        lock (_lock)
        {
            if (_closing)
            {
                return false;
            }

            _current = connection;
            SignalLocked();
        }

        return true;
    }

    private bool BecomeDisconnected(ServerConnection connection, Exception reason)
    {
        lock (_lock)
        {
            if (ReferenceEquals(_current, connection))
            {
                _current = null;
            }

            if (_closing)
            {
                return false;
            }

            _state = ZooKeeperState.Disconnected;
            SignalLocked();
        }

        _logger.LogInformation("Disconnected from ZooKeeper server {Server} ({Reason}); reconnecting with session 0x{SessionId:x}.", connection.Server, reason.Message, SessionId);
        _stateChanged(ZooKeeperState.Connected, ZooKeeperState.Disconnected, null);
        return true;
    }

    private void OnExpired(ZooKeeperServerAddress server)
    {
        ZooKeeperState previous;
        lock (_lock)
        {
            if (_closing)
            {
                return;
            }

            previous = _state;
            _state = ZooKeeperState.Expired;
            _current = null;
            SignalLocked();
        }

        _logger.LogWarning("ZooKeeper server {Server} reports session 0x{SessionId:x} expired.", server, SessionId);
        _stateChanged(previous, ZooKeeperState.Expired, null);
        EndWatches(ZooKeeperState.Expired);
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
