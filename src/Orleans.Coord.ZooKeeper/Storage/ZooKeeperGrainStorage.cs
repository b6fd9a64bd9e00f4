using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Coord.ZooKeeper.Internal;
using Orleans.Coord.ZooKeeper.Options;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Orleans.Coord.ZooKeeper.Storage;

/// <summary>
/// Orleans grain storage in ZooKeeper. Each grain state is one persistent node
/// <c>&lt;RootPath&gt;/&lt;ServiceId&gt;/&lt;state name&gt;~&lt;grain id&gt;</c> (names escaped by %XX, see
/// <see cref="ZooKeeperStorageOptions"/>) holding the state serialized with the Orleans <see cref="Serializer"/>; the node's
/// data version is the ETag.
/// <list type="bullet">
/// <item>Write with a null ETag creates the node; with an ETag it sets the data only if the version still matches.
/// Otherwise (the node exists, is gone, or has moved on) it throws <see cref="InconsistentStateException"/> and
/// writes nothing.</item>
/// <item>Clear deletes the node only if the version still matches (else <see cref="InconsistentStateException"/>);
/// afterwards the ETag is null. Because a re-created node starts again at version 0, an ETag kept across a clear and a
/// re-creation by another writer is not detected as stale (ABA) — single-activation grains do not do that.</item>
/// <item>A state whose serialized form exceeds <see cref="ZooKeeperClient.MaxDataLength"/> bytes throws
/// <see cref="GrainStateTooLargeException"/> (an <see cref="ArgumentException"/>) and writes nothing.</item>
/// <item>Connection and session failures propagate as <see cref="ZooKeeperException"/>s.</item>
/// </list>
/// One long-lived ZooKeeper session serves all calls: opened in the silo lifecycle at
/// <see cref="ZooKeeperStorageOptions.InitStage"/> (or by <see cref="InitializeAsync"/>), replaced if the server expires it,
/// and closed when the silo stops or on <see cref="DisposeAsync"/>.
/// </summary>
public sealed partial class ZooKeeperGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>, IAsyncDisposable
{
    private readonly string _name;
    private readonly ZooKeeperStorageOptions _options;
    private readonly Serializer _serializer;
    private readonly IActivatorProvider _activatorProvider;
    private readonly SharedZooKeeperClient _client;
    private readonly ILogger _logger;
    private readonly string _servicePath;

    /// <summary>Creates the provider; nothing is contacted until it is initialized.</summary>
    /// <param name="name">The provider name.</param>
    /// <param name="options">The ZooKeeper settings.</param>
    /// <param name="serializer">Serializes the states.</param>
    /// <param name="activatorProvider">Creates empty states.</param>
    /// <param name="clusterOptions">The service id names the node under the root path.</param>
    /// <param name="logger">The logger.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public ZooKeeperGrainStorage(
        string name,
        ZooKeeperStorageOptions options,
        Serializer serializer,
        IActivatorProvider activatorProvider,
        IOptions<ClusterOptions> clusterOptions,
        ILogger<ZooKeeperGrainStorage> logger)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(serializer);
        ArgumentNullException.ThrowIfNull(activatorProvider);
        ArgumentNullException.ThrowIfNull(clusterOptions);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        _name = name;
        _options = options;
        _serializer = serializer;
        _activatorProvider = activatorProvider;
        _logger = logger;
        _servicePath = ZooKeeperPath.Combine(options.RootPath, GrainStateNodeName.Escape(clusterOptions.Value.ServiceId));
        _client = new SharedZooKeeperClient(options.ToClientOptions(), logger);
    }

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(OptionFormattingUtilities.Name<ZooKeeperGrainStorage>(_name), _options.InitStage, InitializeAsync, _ => DisposeAsync().AsTask());

    /// <summary>
    /// Opens the session and creates the chroot, the root path and the service node when missing. Called by the silo
    /// lifecycle; callable directly when the provider is used outside a silo.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="ConnectionLossException">No session within the connect timeout.</exception>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _client.EnsureChrootExistsAsync(cancellationToken).ConfigureAwait(false);
        await _client.RunAsync(client => ZooKeeperTree.EnsurePathAsync(client, _servicePath, cancellationToken), cancellationToken).ConfigureAwait(false);
        LogInitialized(_name, _servicePath);
    }

    /// <summary>Reads the state; a missing node gives a new state, a null ETag and <c>RecordExists = false</c>.</summary>
    /// <typeparam name="T">The state type.</typeparam>
    /// <param name="stateName">The state name.</param>
    /// <param name="grainId">The grain.</param>
    /// <param name="grainState">Receives state, ETag and RecordExists.</param>
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var path = NodePath(stateName, grainId);
        try
        {
            var node = await _client.RunAsync(client => client.GetDataAsync(path)).ConfigureAwait(false);
            grainState.State = _serializer.Deserialize<T>(node.Data);
            grainState.ETag = FormatETag(node.Stat.Version);
            grainState.RecordExists = true;
        }
        catch (NoNodeException)
        {
            grainState.State = CreateEmpty<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
    }

    /// <summary>Writes the state if the ETag still matches (creating the node when the ETag is null) and sets the new ETag.</summary>
    /// <typeparam name="T">The state type.</typeparam>
    /// <param name="stateName">The state name.</param>
    /// <param name="grainId">The grain.</param>
    /// <param name="grainState">The state and the ETag read or written last.</param>
    /// <exception cref="InconsistentStateException">The stored state is not the one the ETag names.</exception>
    /// <exception cref="GrainStateTooLargeException">The serialized state exceeds <see cref="ZooKeeperClient.MaxDataLength"/> bytes.</exception>
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var path = NodePath(stateName, grainId);
        var data = _serializer.SerializeToArray(grainState.State);
        if (data.Length > ZooKeeperClient.MaxDataLength)
        {
            throw new GrainStateTooLargeException(data.Length, ZooKeeperClient.MaxDataLength, $"state '{stateName}' of grain {grainId}", "a ZooKeeper node", nameof(grainState));
        }

        var etag = grainState.ETag;
        var expectedVersion = etag is null ? -1 : ParseETag(etag, "write", stateName, grainId);
        int newVersion;
        try
        {
            newVersion = await _client.RunAsync(async client =>
            {
                if (etag is null)
                {
                    await client.CreateAsync(path, data).ConfigureAwait(false);
                    return 0;
                }

                return (await client.SetDataAsync(path, data, expectedVersion).ConfigureAwait(false)).Version;
            }).ConfigureAwait(false);
        }
        catch (ZooKeeperException ex) when (etag is null
            ? ex.ErrorCode is ZooKeeperErrorCode.NodeExists
            : ex.ErrorCode is ZooKeeperErrorCode.NoNode or ZooKeeperErrorCode.BadVersion)
        {
            // (A NoNode on create means the service node is missing: the provider was not initialized; that propagates.)
            throw Conflict("write", stateName, grainId, etag, ex);
        }

        grainState.ETag = FormatETag(newVersion);
        grainState.RecordExists = true;
    }

    /// <summary>Deletes the state node if the ETag still matches; afterwards the state is new, the ETag null and RecordExists false.</summary>
    /// <typeparam name="T">The state type.</typeparam>
    /// <param name="stateName">The state name.</param>
    /// <param name="grainId">The grain.</param>
    /// <param name="grainState">The ETag read or written last.</param>
    /// <exception cref="InconsistentStateException">The stored state is not the one the ETag names (with a null ETag: a state exists).</exception>
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var path = NodePath(stateName, grainId);
        if (grainState.ETag is null)
        {
            if (await _client.RunAsync(client => client.ExistsAsync(path)).ConfigureAwait(false) is { } stat)
            {
                throw Conflict("clear", stateName, grainId, null, null, FormatETag(stat.Version));
            }
        }
        else
        {
            var expectedVersion = ParseETag(grainState.ETag, "clear", stateName, grainId);
            try
            {
                await _client.RunAsync(client => client.DeleteAsync(path, expectedVersion)).ConfigureAwait(false);
            }
            catch (ZooKeeperException ex) when (ex.ErrorCode is ZooKeeperErrorCode.NoNode or ZooKeeperErrorCode.BadVersion)
            {
                throw Conflict("clear", stateName, grainId, grainState.ETag, ex);
            }
        }

        grainState.State = CreateEmpty<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    /// <summary>Closes the ZooKeeper session. Idempotent.</summary>
    public ValueTask DisposeAsync() => _client.DisposeAsync();

    internal string NodePath(string stateName, GrainId grainId)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        return ZooKeeperPath.Combine(_servicePath, GrainStateNodeName.For(stateName, grainId.ToString()));
    }

    private static string FormatETag(int version) => version.ToString(CultureInfo.InvariantCulture);

    private int ParseETag(string etag, string operation, string stateName, GrainId grainId)
    {
        if (!int.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            // Not an ETag this provider issued: it cannot name the stored version.
            throw Conflict(operation, stateName, grainId, etag, null);
        }

        return version;
    }

    private InconsistentStateException Conflict(string operation, string stateName, GrainId grainId, string? etag, Exception? inner, string? storedETag = null)
    {
        LogConflict(_name, operation, stateName, grainId, etag);
        var message = $"ZooKeeper grain storage '{_name}': {operation} of state '{stateName}' of grain {grainId} with ETag '{etag ?? "(none)"}' conflicts with the stored state.";
        return inner is null
            ? new InconsistentStateException(message, storedETag ?? "unknown", etag ?? string.Empty)
            : new InconsistentStateException(message, storedETag ?? "unknown", etag ?? string.Empty, inner);
    }

    private T CreateEmpty<T>() => _activatorProvider.GetActivator<T>().Create();

    [LoggerMessage(Level = LogLevel.Debug, Message = "ZooKeeper grain storage {Name} keeps states under {Path}.")]
    private partial void LogInitialized(string name, string path);

    [LoggerMessage(Level = LogLevel.Debug, Message = "ZooKeeper grain storage {Name}: {Operation} of {StateName} of {GrainId} with ETag {ETag} conflicts with the stored state.")]
    private partial void LogConflict(string name, string operation, string stateName, GrainId grainId, string? etag);
}
