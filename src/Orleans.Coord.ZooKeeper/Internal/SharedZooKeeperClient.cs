using Microsoft.Extensions.Logging;

namespace Orleans.Coord.ZooKeeper.Internal;

/// <summary>
/// One long-lived <see cref="ZooKeeperClient"/> shared by the calls of an Orleans provider. It is connected on first use
/// and replaced by a new session when the server has expired the old one (the Orleans providers keep no ephemeral
/// state, so a new session loses nothing). Thread-safe.
/// </summary>
internal sealed class SharedZooKeeperClient : IAsyncDisposable
{
    private readonly ZooKeeperClientOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ZooKeeperClient? _client;
    private bool _disposed;

    public SharedZooKeeperClient(ZooKeeperClientOptions options, ILogger logger)
    {
        options.Validate();
        _options = options;
        _logger = logger;
    }

    /// <summary>The parsed connect string.</summary>
    public ConnectString ConnectString => _options.ParseConnectString();

    /// <summary>Returns the connected client, connecting (or reconnecting after expiry) when needed.</summary>
    /// <exception cref="ConnectionLossException">No session within the connect timeout.</exception>
    /// <exception cref="ObjectDisposedException">This holder was disposed.</exception>
    public async Task<ZooKeeperClient> GetAsync(CancellationToken cancellationToken = default)
    {
        var current = Volatile.Read(ref _client);
        if (current is not null && IsUsable(current))
        {
            return current;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_client is not null && IsUsable(_client))
            {
                return _client;
            }

            if (_client is not null)
            {
                _logger.LogWarning("ZooKeeper session 0x{SessionId:x} is {State}; opening a new session.", _client.SessionId, _client.State);
                await _client.DisposeAsync().ConfigureAwait(false);
                _client = null;
            }

            var client = new ZooKeeperClient(_options, _logger);
            try
            {
                await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await client.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            Volatile.Write(ref _client, client);
            return client;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Runs <paramref name="operation"/> on the connected client. When it fails with <see cref="SessionExpiredException"/>
    /// (the server refused it because the session had expired, so nothing was applied), it is run once more on a new session.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<ZooKeeperClient, Task<T>> operation, CancellationToken cancellationToken = default)
    {
        var client = await GetAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await operation(client).ConfigureAwait(false);
        }
        catch (SessionExpiredException)
        {
            client = await GetAsync(cancellationToken).ConfigureAwait(false);
            return await operation(client).ConfigureAwait(false);
        }
    }

    /// <inheritdoc cref="RunAsync{T}(Func{ZooKeeperClient, Task{T}}, CancellationToken)"/>
    public Task RunAsync(Func<ZooKeeperClient, Task> operation, CancellationToken cancellationToken = default) =>
        RunAsync(async client =>
        {
            await operation(client).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <summary>
    /// Creates the chroot of the connect string (every missing segment, tolerating concurrent creators) with a
    /// short-lived client that has no chroot. Does nothing when the connect string has no chroot.
    /// </summary>
    public async Task EnsureChrootExistsAsync(CancellationToken cancellationToken)
    {
        var connectString = ConnectString;
        if (connectString.Chroot is null)
        {
            return;
        }

        var rootOptions = new ZooKeeperClientOptions
        {
            ConnectString = connectString.Text[..^connectString.Chroot.Length],
            SessionTimeout = _options.SessionTimeout,
            ConnectTimeout = _options.ConnectTimeout,
            DigestCredentials = _options.DigestCredentials,
            Tls = _options.Tls,
        };
        await using var client = new ZooKeeperClient(rootOptions, _logger);
        await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await ZooKeeperTree.EnsurePathAsync(client, connectString.Chroot, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_client is not null)
            {
                await _client.DisposeAsync().ConfigureAwait(false);
                _client = null;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private static bool IsUsable(ZooKeeperClient client) =>
        client.State is not (ZooKeeperState.Expired or ZooKeeperState.Closed);
}
