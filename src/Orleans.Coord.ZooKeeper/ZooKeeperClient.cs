using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Coord.ZooKeeper.Internal;
using Orleans.Coord.ZooKeeper.Protocol;
using Orleans.Coord.ZooKeeper.Watches;

namespace Orleans.Coord.ZooKeeper;

/// <summary>
/// A ZooKeeper client that speaks the ZooKeeper wire protocol over TCP. One instance holds one session.
/// <para>
/// Create it, call <see cref="ConnectAsync"/>, use it from any thread (requests are pipelined on one connection
/// and answered in order), and dispose it to close the session, which removes its ephemeral nodes at once.
/// </para>
/// <para>
/// Connection loss: the client reports <see cref="ZooKeeperState.Disconnected"/> and reconnects to the next server of
/// the connect string with the same session. Requests in flight fail with <see cref="ConnectionLossException"/>
/// (never resent); requests made while disconnected wait for a connection for at most the session timeout. If the
/// server reports the session gone, the state becomes <see cref="ZooKeeperState.Expired"/> and every call fails with
/// <see cref="SessionExpiredException"/>.
/// </para>
/// <para>
/// Cancellation: a <see cref="CancellationToken"/> stops waiting; a request already written is still carried out
/// by the server, and its outcome is then unknown to the caller.
/// </para>
/// </summary>
public sealed class ZooKeeperClient : IAsyncDisposable
{
    /// <summary>Largest node data accepted, in bytes (the server's default jute.maxbuffer, 1 MiB - 1).</summary>
    public const int MaxDataLength = 0xFFFFF;

    /// <summary>Largest request body accepted, in bytes (data, paths and multi operations together).</summary>
    public const int MaxRequestLength = MaxDataLength + 1024;

    private readonly ZooKeeperClientOptions _options;
    private readonly ConnectString _connectString;
    private readonly EventDispatcher _dispatcher;
    private readonly SessionManager _session;
    private int _disposed;

    /// <summary>Creates a client; it does not connect until <see cref="ConnectAsync"/>.</summary>
    /// <param name="options">The settings; validated here and copied.</param>
    /// <param name="logger">Receives connection, reconnection and expiry messages; none when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is invalid (see <see cref="ZooKeeperClientOptions.Validate"/>).</exception>
    public ZooKeeperClient(ZooKeeperClientOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = new ZooKeeperClientOptions
        {
            ConnectString = options.ConnectString,
            SessionTimeout = options.SessionTimeout,
            ConnectTimeout = options.ConnectTimeout,
            MaxPendingRequests = options.MaxPendingRequests,
            DigestCredentials = options.DigestCredentials,
            Tls = options.Tls is { } tls ? new ZooKeeperTlsOptions { CaFile = tls.CaFile } : null,
        };
        _connectString = _options.ParseConnectString();
        var log = logger ?? NullLogger.Instance;
        _dispatcher = new EventDispatcher(log);
        _session = new SessionManager(_options, _connectString, log, _dispatcher, new WatchManager(), OnStateChanged);
    }

    /// <summary>
    /// Raised on every state change, on the same single dispatcher as watch callbacks and in order with them
    /// (handlers must not block for long). Handler exceptions are logged and ignored.
    /// </summary>
    public event EventHandler<ZooKeeperStateChangedEventArgs>? StateChanged;

    /// <summary>Whether nodes are created for the authenticated identity alone (CREATOR_ALL_ACL) rather than open.</summary>
    private bool CreatorOnly => _options.DigestCredentials is not null;

    /// <summary>The current state.</summary>
    public ZooKeeperState State => _session.State;

    /// <summary>The session id (0 before the first connection).</summary>
    public long SessionId => _session.SessionId;

    /// <summary>The session timeout negotiated with the server (the requested one before the first connection).</summary>
    public TimeSpan SessionTimeout => _session.SessionTimeout;

    /// <summary>The server currently connected to, as "host:port", or null when not connected.</summary>
    public string? ConnectedServer => _session.CurrentServer?.ToString();

    /// <summary>The parsed connect string (servers and chroot).</summary>
    public ConnectString ConnectString => _connectString;

    /// <summary>The largest transaction id seen from the server.</summary>
    public long LastZxid => _session.LastZxid;

    /// <summary>
    /// Starts connecting and waits until a session is established with one of the servers. If none answers within
    /// <see cref="ZooKeeperClientOptions.ConnectTimeout"/>, throws <see cref="ConnectionLossException"/>; the client
    /// keeps trying in the background until disposed. Calling it again after success returns at once.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting (the client keeps trying in the background).</param>
    /// <exception cref="ConnectionLossException">No session within the connect timeout.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public Task ConnectAsync(CancellationToken cancellationToken = default) => _session.ConnectAsync(cancellationToken);

    /// <summary>
    /// Creates a node: with an open (world:anyone) ACL, or, when the client has
    /// <see cref="ZooKeeperClientOptions.DigestCredentials"/>, with all rights for its identity alone.
    /// </summary>
    /// <param name="path">The node path; for sequential modes, the prefix to which the server appends a 10-digit counter.</param>
    /// <param name="data">The node's data, at most <see cref="MaxDataLength"/> bytes.</param>
    /// <param name="mode">Persistent or ephemeral, optionally sequential.</param>
    /// <param name="cancellationToken">Stops waiting for the reply.</param>
    /// <returns>The path actually created (including the sequence suffix, without chroot).</returns>
    /// <exception cref="ArgumentException">Invalid path, data too long or undefined mode; nothing is sent.</exception>
    /// <exception cref="NodeExistsException">The node already exists.</exception>
    /// <exception cref="NoNodeException">The parent does not exist.</exception>
    /// <exception cref="NoChildrenForEphemeralsException">The parent is ephemeral.</exception>
    public Task<string> CreateAsync(string path, ReadOnlyMemory<byte> data, CreateMode mode = CreateMode.Persistent, CancellationToken cancellationToken = default)
    {
        ZooKeeperPath.Validate(path, nameof(path));
        ValidateData(data, nameof(data));
        ValidateMode(mode, nameof(mode));
        var writer = new JuteWriter(data.Length + path.Length + 64);
        Requests.WriteCreate(writer, _session.Chroot.ToServer(path), data.Span, mode, CreatorOnly);
        return SendAsync(OpCode.Create2, writer, path, null, ReadCreated, cancellationToken);

        string ReadCreated(int error, JuteReader reader)
        {
            ThrowIfError(error, path);
            var created = reader.ReadString() ?? string.Empty;
            _ = StatRecord.Read(reader);
            return _session.Chroot.ToClient(created);
        }
    }

    /// <summary>Deletes a node.</summary>
    /// <param name="path">The node path.</param>
    /// <param name="version">The expected data version, or -1 for any.</param>
    /// <param name="cancellationToken">Stops waiting for the reply.</param>
    /// <exception cref="NoNodeException">The node does not exist.</exception>
    /// <exception cref="BadVersionException">The version does not match.</exception>
    /// <exception cref="NotEmptyException">The node has children.</exception>
    public Task DeleteAsync(string path, int version = -1, CancellationToken cancellationToken = default)
    {
        ZooKeeperPath.Validate(path, nameof(path));
        ValidateVersion(version, nameof(version));
        var writer = new JuteWriter(path.Length + 16);
        Requests.WritePathAndVersion(writer, _session.Chroot.ToServer(path), version);
        return SendAsync(OpCode.Delete, writer, path, null, (error, _) => ThrowIfError(error, path), cancellationToken);
    }

    /// <summary>Returns a node's metadata, or null when it does not exist.</summary>
    /// <param name="path">The node path.</param>
    /// <param name="watcher">
    /// Optional one-shot watch: fires on the node's creation (if missing now), data change or deletion.
    /// </param>
    /// <param name="cancellationToken">Stops waiting for the reply.</param>
    public Task<ZooKeeperStat?> ExistsAsync(string path, ZooKeeperWatcher? watcher = null, CancellationToken cancellationToken = default)
    {
        ZooKeeperPath.Validate(path, nameof(path));
        var writer = new JuteWriter(path.Length + 16);
        Requests.WritePathAndWatch(writer, _session.Chroot.ToServer(path), watcher is not null);
        var watch = watcher is null ? null : new WatchRegistration(path, watcher, IsExists: true, IsChild: false);
        return SendAsync<ZooKeeperStat?>(OpCode.Exists, writer, path, watch, ReadStat, cancellationToken);

        ZooKeeperStat? ReadStat(int error, JuteReader reader)
        {
            if (error == (int)ZooKeeperErrorCode.NoNode)
            {
                return null;
            }

            ThrowIfError(error, path);
            return StatRecord.Read(reader);
        }
    }

    /// <summary>Returns a node's data and metadata.</summary>
    /// <param name="path">The node path.</param>
    /// <param name="watcher">Optional one-shot watch (set only if the node exists): fires on data change or deletion.</param>
    /// <param name="cancellationToken">Stops waiting for the reply.</param>
    /// <exception cref="NoNodeException">The node does not exist.</exception>
    public Task<ZooKeeperNodeData> GetDataAsync(string path, ZooKeeperWatcher? watcher = null, CancellationToken cancellationToken = default)
    {
        ZooKeeperPath.Validate(path, nameof(path));
        var writer = new JuteWriter(path.Length + 16);
        Requests.WritePathAndWatch(writer, _session.Chroot.ToServer(path), watcher is not null);
        var watch = watcher is null ? null : new WatchRegistration(path, watcher, IsExists: false, IsChild: false);
        return SendAsync(OpCode.GetData, writer, path, watch, ReadData, cancellationToken);

        ZooKeeperNodeData ReadData(int error, JuteReader reader)
        {
            ThrowIfError(error, path);
            var data = reader.ReadBuffer() ?? Array.Empty<byte>();
            return new ZooKeeperNodeData(data, StatRecord.Read(reader));
        }
    }

    /// <summary>Replaces a node's data.</summary>
    /// <param name="path">The node path.</param>
    /// <param name="data">The new data, at most <see cref="MaxDataLength"/> bytes.</param>
    /// <param name="version">The expected data version, or -1 for any.</param>
    /// <param name="cancellationToken">Stops waiting for the reply.</param>
    /// <returns>The node's metadata after the change.</returns>
    /// <exception cref="NoNodeException">The node does not exist.</exception>
    /// <exception cref="BadVersionException">The version does not match.</exception>
    public Task<ZooKeeperStat> SetDataAsync(string path, ReadOnlyMemory<byte> data, int version = -1, CancellationToken cancellationToken = default)
    {
        ZooKeeperPath.Validate(path, nameof(path));
        ValidateData(data, nameof(data));
        ValidateVersion(version, nameof(version));
        var writer = new JuteWriter(data.Length + path.Length + 16);
        Requests.WriteSetData(writer, _session.Chroot.ToServer(path), data.Span, version);
        return SendAsync(OpCode.SetData, writer, path, null, ReadStat, cancellationToken);

        ZooKeeperStat ReadStat(int error, JuteReader reader)
        {
            ThrowIfError(error, path);
            return StatRecord.Read(reader);
        }
    }

    /// <summary>Returns a node's children (names, unsorted) and its metadata.</summary>
    /// <param name="path">The node path.</param>
    /// <param name="watcher">Optional one-shot watch (set only if the node exists): fires when a child is added or removed, or the node is deleted.</param>
    /// <param name="cancellationToken">Stops waiting for the reply.</param>
    /// <exception cref="NoNodeException">The node does not exist.</exception>
    public Task<ZooKeeperChildren> GetChildrenAsync(string path, ZooKeeperWatcher? watcher = null, CancellationToken cancellationToken = default)
    {
        ZooKeeperPath.Validate(path, nameof(path));
        var writer = new JuteWriter(path.Length + 16);
        Requests.WritePathAndWatch(writer, _session.Chroot.ToServer(path), watcher is not null);
        var watch = watcher is null ? null : new WatchRegistration(path, watcher, IsExists: false, IsChild: true);
        return SendAsync(OpCode.GetChildren2, writer, path, watch, ReadChildren, cancellationToken);

        ZooKeeperChildren ReadChildren(int error, JuteReader reader)
        {
            ThrowIfError(error, path);
            var children = reader.ReadStringVector();
            return new ZooKeeperChildren(children, StatRecord.Read(reader));
        }
    }

    /// <summary>
    /// Waits until the server this client is connected to has applied every change the leader had committed when the
    /// sync reached it, so a following read sees at least that state.
    /// </summary>
    /// <param name="path">A node path (used by the server only for routing and checks).</param>
    /// <param name="cancellationToken">Stops waiting for the reply.</param>
    public Task SyncAsync(string path, CancellationToken cancellationToken = default)
    {
        ZooKeeperPath.Validate(path, nameof(path));
        var writer = new JuteWriter(path.Length + 8);
        Requests.WriteSync(writer, _session.Chroot.ToServer(path));
        return SendAsync(OpCode.Sync, writer, path, null, (error, _) => ThrowIfError(error, path), cancellationToken);
    }

    /// <summary>
    /// Applies the operations as one atomic transaction: either all are applied or none is.
    /// </summary>
    /// <param name="operations">The operations, in order.</param>
    /// <param name="cancellationToken">Stops waiting for the reply.</param>
    /// <returns>One result per operation, in order.</returns>
    /// <exception cref="ArgumentException">The list or an element is null, or the request is too large; nothing is sent.</exception>
    /// <exception cref="ZooKeeperException">
    /// An operation failed, so none was applied: the typed exception for the failing operation's error (e.g.
    /// <see cref="BadVersionException"/>), with its path, <see cref="ZooKeeperException.FailedOperationIndex"/> and
    /// <see cref="ZooKeeperException.OperationResults"/>.
    /// </exception>
    public Task<IReadOnlyList<ZooKeeperOperationResult>> MultiAsync(IReadOnlyList<ZooKeeperOperation> operations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var ops = operations.ToArray();
        var writer = new JuteWriter();
        for (var i = 0; i < ops.Length; i++)
        {
            var op = ops[i] ?? throw new ArgumentException($"Operation {i} is null.", nameof(operations));
            var serverPath = _session.Chroot.ToServer(op.Path);
            switch (op.Kind)
            {
                case ZooKeeperOperationKind.Check:
                    Requests.WriteMultiHeader(writer, (int)OpCode.Check, false, -1);
                    Requests.WritePathAndVersion(writer, serverPath, op.Version);
                    break;
                case ZooKeeperOperationKind.Create:
                    Requests.WriteMultiHeader(writer, (int)OpCode.Create2, false, -1);
                    Requests.WriteCreate(writer, serverPath, op.Data.Span, op.Mode, CreatorOnly);
                    break;
                case ZooKeeperOperationKind.Delete:
                    Requests.WriteMultiHeader(writer, (int)OpCode.Delete, false, -1);
                    Requests.WritePathAndVersion(writer, serverPath, op.Version);
                    break;
                case ZooKeeperOperationKind.SetData:
                    Requests.WriteMultiHeader(writer, (int)OpCode.SetData, false, -1);
                    Requests.WriteSetData(writer, serverPath, op.Data.Span, op.Version);
                    break;
            }
        }

        Requests.WriteMultiHeader(writer, -1, true, -1);
        return SendAsync<IReadOnlyList<ZooKeeperOperationResult>>(OpCode.Multi, writer, null, null, ReadResults, cancellationToken);

        IReadOnlyList<ZooKeeperOperationResult> ReadResults(int error, JuteReader reader)
        {
            ThrowIfError(error, null);
            var results = MultiResponse.Read(reader, ops, _session.Chroot);
            MultiResponse.ThrowIfFailed(results, ops);
            return results;
        }
    }

    /// <summary>
    /// Closes the session when connected (so its ephemeral nodes are deleted at once; bounded wait of at most 3 s for
    /// the server's answer; when not connected the server expires the session after its timeout), stops reconnecting,
    /// fails requests still waiting for a connection with <see cref="ObjectDisposedException"/>, raises the Closed state, ends pending watches with a
    /// <see cref="WatchEventType.None"/> event, and waits for already queued callbacks to run (except when called from
    /// a callback). Later calls throw <see cref="ObjectDisposedException"/>. Idempotent.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _session.CloseAsync().ConfigureAwait(false);
        await _dispatcher.CompleteAsync().ConfigureAwait(false);
    }

    internal static void ValidateData(ReadOnlyMemory<byte> data, string paramName)
    {
        if (data.Length > MaxDataLength)
        {
            throw new ArgumentException($"Node data is {data.Length} bytes; the limit is {MaxDataLength} bytes.", paramName);
        }
    }

    internal static void ValidateMode(CreateMode mode, string paramName)
    {
        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException(paramName, mode, "CreateMode must be Persistent, Ephemeral, PersistentSequential or EphemeralSequential.");
        }
    }

    private static void ValidateVersion(int version, string paramName)
    {
        if (version < -1)
        {
            throw new ArgumentOutOfRangeException(paramName, version, "A version must be -1 (any) or at least 0.");
        }
    }

    private static bool ThrowIfError(int error, string? path)
    {
        if (error != 0)
        {
            throw ZooKeeperExceptions.Create(error, path);
        }

        return true;
    }

    private Task<T> SendAsync<T>(OpCode opCode, JuteWriter body, string? path, WatchRegistration? watch, Func<int, JuteReader, T> handler, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(nameof(ZooKeeperClient));
        }

        if (body.Length > MaxRequestLength)
        {
            throw new ArgumentException($"The request is {body.Length} bytes; the limit is {MaxRequestLength} bytes.", path is null ? "operations" : "data");
        }

        var request = new PendingRequest<T>(opCode, body.ToArray(), path, watch, handler);
        return _session.SendAsync(request, cancellationToken);
    }

    private void OnStateChanged(ZooKeeperState previous, ZooKeeperState current, string? server)
    {
        var args = new ZooKeeperStateChangedEventArgs(previous, current, server);
        _dispatcher.Post(() =>
        {
            StateChanged?.Invoke(this, args);
            return Task.CompletedTask;
        });
    }
}
