using System.Buffers.Binary;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Orleans.Coord.ZooKeeper.Protocol;

namespace Orleans.Coord.ZooKeeper.Internal;

/// <summary>
/// One TCP connection to one server, after a successful session handshake. Requests are pipelined: each is
/// written with the next xid under a write lock and queued in flight; the reader matches replies to that queue in
/// order. A watchdog pings every third of the session timeout and drops the connection when nothing was received for
/// two thirds of it. When the connection dies, every in-flight request fails with <see cref="ConnectionLossException"/>.
/// </summary>
internal sealed class ServerConnection : IAsyncDisposable
{
    /// <summary>Largest frame accepted from the server (well above the server's default 1 MiB jute.maxbuffer).</summary>
    internal const int MaxFrameLength = 64 * 1024 * 1024;

    private readonly Stream _stream;
    private readonly IConnectionOwner _owner;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly object _inFlightLock = new();
    private readonly Queue<PendingRequest> _inFlight = new();
    private readonly CancellationTokenSource _cts = new();
    private readonly TaskCompletionSource<Exception> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _reader = Task.CompletedTask;
    private Task _watchdog = Task.CompletedTask;
    private bool _dead;
    private long _lastReceived;
    private long _lastSent;
    private int _pingPending;

    private ServerConnection(Stream stream, ZooKeeperServerAddress server, int sessionTimeoutMs, IConnectionOwner owner, ILogger logger)
    {
        _stream = stream;
        Server = server;
        SessionTimeoutMs = sessionTimeoutMs;
        _owner = owner;
        _logger = logger;
        _lastReceived = _lastSent = Environment.TickCount64;
    }

    public ZooKeeperServerAddress Server { get; }

    public int SessionTimeoutMs { get; }

    /// <summary>Completes with the reason when the connection dies.</summary>
    public Task<Exception> Closed => _closed.Task;

    public bool IsDead
    {
        get
        {
            lock (_inFlightLock)
            {
                return _dead;
            }
        }
    }

    /// <summary>
    /// Opens a TCP connection (wrapped in TLS when <paramref name="trust"/> is given) and performs the session handshake,
    /// all within <paramref name="timeout"/>.
    /// Returns the connection (not yet reading) and the server's answer; the caller checks it for expiry.
    /// </summary>
    public static async Task<(ServerConnection Connection, ConnectResponse Response)> OpenAsync(
        ZooKeeperServerAddress server,
        ConnectRequest request,
        ZooKeeperServerTrust? trust,
        TimeSpan timeout,
        IConnectionOwner owner,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        using var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attemptCts.CancelAfter(timeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        try
        {
            await socket.ConnectAsync(server.Host, server.Port, attemptCts.Token).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: true);
            if (trust is not null)
            {
                var plain = stream;
                stream = null;
                stream = await trust.AuthenticateAsync(plain, server.Host, attemptCts.Token).ConfigureAwait(false);
            }

            var writer = new JuteWriter();
            writer.WriteInt(0);
            request.Write(writer);
            writer.PatchInt(0, writer.Length - 4);
            await stream.WriteAsync(writer.WrittenMemory, attemptCts.Token).ConfigureAwait(false);

            var frame = await ReadFrameAsync(stream, attemptCts.Token).ConfigureAwait(false);
            var response = ConnectResponse.Read(new JuteReader(frame));
            var connection = new ServerConnection(stream, server, response.TimeoutMilliseconds, owner, logger);
            return (connection, response);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Dispose(stream, socket);
            throw new TimeoutException($"Connecting to ZooKeeper server {server} did not complete within {timeout.TotalMilliseconds:0} ms.");
        }
        catch
        {
            Dispose(stream, socket);
            throw;
        }
    }

    /// <summary>Starts the reader and the ping watchdog.</summary>
    public void Start()
    {
        _reader = Task.Run(ReadLoopAsync);
        _watchdog = Task.Run(WatchdogLoopAsync);
    }

    /// <summary>
    /// Writes a request. Returns false, without sending anything, when the connection is already dead (the caller may
    /// use another connection). Once this returns true the request is in flight: it completes with the reply, or fails
    /// with <see cref="ConnectionLossException"/> if the connection dies first.
    /// </summary>
    public async Task<bool> TrySendAsync(PendingRequest request)
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            lock (_inFlightLock)
            {
                if (_dead)
                {
                    return false;
                }

                request.Xid = _owner.NextXid();
                _inFlight.Enqueue(request);
            }

            await WriteFrameAsync(request.Xid, request.OpCode, request.Body).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Writes an untracked frame (ping, SetWatches) whose reply carries a reserved xid.</summary>
    public async Task SendSpecialAsync(int xid, OpCode opCode, byte[] body)
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!IsDead)
            {
                await WriteFrameAsync(xid, opCode, body).ConfigureAwait(false);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Kills the connection: in-flight requests fail with <see cref="ConnectionLossException"/>.</summary>
    public void Abort(Exception reason)
    {
        List<PendingRequest> failed;
        lock (_inFlightLock)
        {
            if (_dead)
            {
                return;
            }

            _dead = true;
            failed = new List<PendingRequest>(_inFlight);
            _inFlight.Clear();
        }

        _cts.Cancel();
        try
        {
            _stream.Dispose();
        }
        catch (Exception ex)
        {
            _logger.LogDebug(ex, "Error while closing the socket to ZooKeeper server {Server}.", Server);
        }

        foreach (var request in failed)
        {
            request.Fail(new ConnectionLossException(
                request.ClientPath,
                $"The connection to ZooKeeper server {Server} was lost while the {request.OpCode} request was in flight; its outcome is unknown.",
                reason));
        }

        _closed.TrySetResult(reason);
    }

    public async ValueTask DisposeAsync()
    {
        Abort(new ObjectDisposedException(nameof(ServerConnection)));
        try
        {
            await Task.WhenAll(_reader, _watchdog).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogDebug(ex, "ZooKeeper connection loops ended with an error.");
        }

        _cts.Dispose();
    }

    private static void Dispose(Stream? stream, Socket socket)
    {
        stream?.Dispose();
        socket.Dispose();
    }

    private static async Task<byte[]> ReadFrameAsync(Stream stream, CancellationToken cancellationToken)
    {
        var prefix = new byte[4];
        await stream.ReadExactlyAsync(prefix, cancellationToken).ConfigureAwait(false);
        var length = BinaryPrimitives.ReadInt32BigEndian(prefix);
        if (length < 0 || length > MaxFrameLength)
        {
            throw new ZooKeeperProtocolException($"Invalid frame length {length} (the limit is {MaxFrameLength} bytes).");
        }

        var frame = new byte[length];
        await stream.ReadExactlyAsync(frame, cancellationToken).ConfigureAwait(false);
        return frame;
    }

    private async Task WriteFrameAsync(int xid, OpCode opCode, byte[] body)
    {
        var frame = new byte[12 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, 8 + body.Length);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(4), xid);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(8), (int)opCode);
        body.CopyTo(frame, 12);
        try
        {
            await _stream.WriteAsync(frame, _cts.Token).ConfigureAwait(false);
            Volatile.Write(ref _lastSent, Environment.TickCount64);
        }
        catch (Exception ex)
        {
            Abort(ex);
        }
    }

    private async Task SendPingAsync()
    {
        try
        {
            await SendSpecialAsync(Xids.Ping, OpCode.Ping, Array.Empty<byte>()).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Abort(ex);
        }
        finally
        {
            Volatile.Write(ref _pingPending, 0);
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var frame = await ReadFrameAsync(_stream, _cts.Token).ConfigureAwait(false);
                Volatile.Write(ref _lastReceived, Environment.TickCount64);
                var reader = new JuteReader(frame);
                var header = ReplyHeader.Read(reader);
                if (header.Zxid > 0)
                {
                    _owner.OnZxid(header.Zxid);
                }

                switch (header.Xid)
                {
                    case Xids.Ping:
                        continue;
                    case Xids.Auth:
                        if (header.Error != 0)
                        {
                            // The server closes the session after a refused authentication (AUTH_FAILED).
                            _logger.LogError("ZooKeeper server {Server} refused the client's credentials: {Error}.", Server, (ZooKeeperErrorCode)header.Error);
                        }

                        continue;
                    case Xids.SetWatches:
                        if (header.Error != 0)
                        {
                            _logger.LogWarning("ZooKeeper server {Server} refused to re-arm watches: {Error}.", Server, (ZooKeeperErrorCode)header.Error);
                        }

                        continue;
                    case Xids.Notification:
                        _owner.OnNotification(WatcherEventRecord.Read(reader));
                        continue;
                }

                PendingRequest? request;
                lock (_inFlightLock)
                {
                    _inFlight.TryDequeue(out request);
                }

                if (request is null || request.Xid != header.Xid)
                {
                    if (request is not null)
                    {
                        request.Fail(new ConnectionLossException(request.ClientPath, $"ZooKeeper server {Server} answered xid {header.Xid} while xid {request.Xid} was expected."));
                    }

                    throw new ZooKeeperProtocolException($"Unexpected reply xid {header.Xid} from ZooKeeper server {Server}.");
                }

                _owner.OnReply(request, header.Error);
                request.Complete(header.Error, reader);
            }
        }
        catch (Exception ex)
        {
            if (!_cts.IsCancellationRequested)
            {
                _logger.LogDebug(ex, "Reading from ZooKeeper server {Server} failed.", Server);
            }

            Abort(ex);
        }
    }

    private async Task WatchdogLoopAsync()
    {
        var pingInterval = Math.Max(1, SessionTimeoutMs / 3);
        var readTimeout = Math.Max(1, SessionTimeoutMs * 2 / 3);
        var checkInterval = TimeSpan.FromMilliseconds(Math.Clamp(SessionTimeoutMs / 10, 10, 1000));
        try
        {
            while (!_cts.IsCancellationRequested)
            {
                await Task.Delay(checkInterval, _cts.Token).ConfigureAwait(false);
                var now = Environment.TickCount64;
                var silentFor = now - Volatile.Read(ref _lastReceived);
                if (silentFor > readTimeout)
                {
                    _logger.LogInformation(
                        "Nothing received from ZooKeeper server {Server} for {Silent} ms (limit {Limit} ms); dropping the connection.",
                        Server,
                        silentFor,
                        readTimeout);
                    Abort(new TimeoutException($"No data from ZooKeeper server {Server} for {silentFor} ms."));
                    return;
                }

                // The ping is not awaited so that a blocked write cannot stop the read-timeout check above.
                if (now - Volatile.Read(ref _lastSent) >= pingInterval && Interlocked.CompareExchange(ref _pingPending, 1, 0) == 0)
                {
                    _ = SendPingAsync();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            Abort(ex);
        }
    }
}
