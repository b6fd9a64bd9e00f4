using Microsoft.Extensions.Logging;
using Orleans.Coord.ZooKeeper.Protocol;
using Orleans.Coord.ZooKeeper.Watches;

namespace Orleans.Coord.ZooKeeper.Internal;

/// <summary>
/// The session's connection loop: connects (round robin over the connect string's servers, same session id and
/// password), re-arms watches, waits for the connection to close, reconnects, and notices expiry; and the callbacks
/// through which the current connection reports zxids, notifications and replies.
/// </summary>
internal sealed partial class SessionManager
{
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
                var (opened, response) = await ServerConnection.OpenAsync(server, request, _trust, AttemptTimeout(), this, _logger, token).ConfigureAwait(false);
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
                Volatile.Write(ref _lastFailure, ex);
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

        // Authenticate before any other request: the server handles a connection's requests in order.
        if (_options.DigestCredentials is { } digest)
        {
            var auth = new JuteWriter();
            Requests.WriteAuth(auth, "digest", System.Text.Encoding.UTF8.GetBytes(digest));
            await connection.SendSpecialAsync(Xids.Auth, OpCode.Auth, auth.WrittenMemory.ToArray()).ConfigureAwait(false);
        }

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
}
