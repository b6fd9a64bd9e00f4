using System.Globalization;
using System.Text;
using Etcdserverpb;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Coord.Etcd.Internal;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Orleans.Coord.Etcd.Storage;

/// <summary>
/// Orleans grain storage in etcd. Each grain state is one key, <c>&lt;prefix&gt;/&lt;ServiceId&gt;/state/&lt;state
/// name&gt;/&lt;grain id&gt;</c> (parts percent-encoded), holding the state serialized with the Orleans
/// <see cref="Serializer"/>; the key's mod revision is the ETag.
/// <list type="bullet">
/// <item>Write is one transaction: with a null ETag it creates the key if it is missing; with an ETag it puts the value
/// if the key's mod revision is still the ETag. Otherwise it throws <see cref="InconsistentStateException"/> (carrying
/// the stored ETag) and writes nothing. Revisions never repeat, so an ETag kept across a clear and a re-creation is
/// stale too.</item>
/// <item>Clear deletes the key in the same way (a null ETag expects no key); afterwards the ETag is null.</item>
/// <item>A state that would make the request larger than etcd's request limit (<see cref="MaxRequestBytes"/>, the
/// server's default <c>--max-request-bytes</c>) throws <see cref="GrainStateTooLargeException"/> and writes nothing.</item>
/// <item>An unreachable server throws <see cref="Grpc.Core.RpcException"/> after the request timeout.</item>
/// </list>
/// </summary>
internal sealed partial class EtcdGrainStorage : IGrainStorage
{
    /// <summary>etcd's default limit on one request: 1.5 MiB.</summary>
    public const int MaxRequestBytes = 1536 * 1024;

    /// <summary>Room left in a request for its framing, the compare and the revision numbers.</summary>
    internal const int RequestOverheadBytes = 512;

    private readonly string _name;
    private readonly EtcdConnection _connection;
    private readonly Serializer _serializer;
    private readonly IActivatorProvider _activatorProvider;
    private readonly ILogger _logger;
    private readonly string _statePrefix;

    public EtcdGrainStorage(
        string name,
        EtcdConnection connection,
        Serializer serializer,
        IActivatorProvider activatorProvider,
        IOptions<ClusterOptions> clusterOptions,
        ILogger<EtcdGrainStorage> logger)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(serializer);
        ArgumentNullException.ThrowIfNull(activatorProvider);
        ArgumentNullException.ThrowIfNull(clusterOptions);
        ArgumentNullException.ThrowIfNull(logger);
        _name = name;
        _connection = connection;
        _serializer = serializer;
        _activatorProvider = activatorProvider;
        _logger = logger;
        _statePrefix = EtcdKeys.Service(connection.Options.Prefix, clusterOptions.Value.ServiceId) + "/state/";
    }

    /// <summary>The largest serialized state a write of <paramref name="key"/> accepts.</summary>
    public static int MaxStateBytes(string key) => MaxRequestBytes - RequestOverheadBytes - 2 * Encoding.UTF8.GetByteCount(key);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var response = await _connection.GetAsync(Key(stateName, grainId)).ConfigureAwait(false);
        if (response.Kvs.Count == 0)
        {
            grainState.State = CreateEmpty<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        var kv = response.Kvs[0];
        grainState.State = _serializer.Deserialize<T>(kv.Value.Memory);
        grainState.ETag = FormatETag(kv.ModRevision);
        grainState.RecordExists = true;
    }

    /// <exception cref="InconsistentStateException">The stored state is not the one the ETag names.</exception>
    /// <exception cref="GrainStateTooLargeException">The request would exceed etcd's request limit.</exception>
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var key = Key(stateName, grainId);
        var data = _serializer.SerializeToArray(grainState.State);
        var limit = MaxStateBytes(key);
        if (data.Length > limit)
        {
            throw new GrainStateTooLargeException(data.Length, limit, $"state '{stateName}' of grain {grainId}", "an etcd request (with its key)", nameof(grainState));
        }

        var request = new TxnRequest
        {
            Compare = { Expect(key, grainState.ETag, "write", stateName, grainId) },
            Success = { EtcdTxn.Put(key, data) },
            Failure = { EtcdTxn.Get(key) },
        };
        var response = await _connection.TxnAsync(request).ConfigureAwait(false);
        if (!response.Succeeded)
        {
            throw Conflict("write", stateName, grainId, grainState.ETag, StoredETag(response));
        }

        grainState.ETag = FormatETag(response.Header.Revision);
        grainState.RecordExists = true;
    }

    /// <exception cref="InconsistentStateException">The stored state is not the one the ETag names (with a null ETag: a state exists).</exception>
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var key = Key(stateName, grainId);
        var request = new TxnRequest
        {
            Compare = { Expect(key, grainState.ETag, "clear", stateName, grainId) },
            Success = { EtcdTxn.Delete(key) },
            Failure = { EtcdTxn.Get(key) },
        };
        var response = await _connection.TxnAsync(request).ConfigureAwait(false);
        if (!response.Succeeded)
        {
            throw Conflict("clear", stateName, grainId, grainState.ETag, StoredETag(response));
        }

        grainState.State = CreateEmpty<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    internal string Key(string stateName, GrainId grainId)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        return _statePrefix + EtcdKeys.Escape(stateName) + "/" + EtcdKeys.Escape(grainId.ToString());
    }

    private Compare Expect(string key, string? etag, string operation, string stateName, GrainId grainId)
    {
        if (etag is null)
        {
            return EtcdTxn.Missing(key);
        }

        if (!long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var revision) || revision == 0)
        {
            // Not an ETag this provider issued: it cannot name the stored revision.
            throw Conflict(operation, stateName, grainId, etag, "unknown");
        }

        return EtcdTxn.ModRevisionIs(key, revision);
    }

    private static string StoredETag(TxnResponse response) =>
        response.Responses.Count > 0 && response.Responses[0].ResponseRange is { Kvs.Count: > 0 } range
            ? FormatETag(range.Kvs[0].ModRevision)
            : "(none)";

    private static string FormatETag(long revision) => revision.ToString(CultureInfo.InvariantCulture);

    private InconsistentStateException Conflict(string operation, string stateName, GrainId grainId, string? etag, string storedETag)
    {
        LogConflict(_name, operation, stateName, grainId, etag, storedETag);
        return new InconsistentStateException(
            $"etcd grain storage '{_name}': {operation} of state '{stateName}' of grain {grainId} with ETag '{etag ?? "(none)"}' conflicts with the stored state (ETag '{storedETag}').",
            storedETag,
            etag ?? string.Empty);
    }

    private T CreateEmpty<T>() => _activatorProvider.GetActivator<T>().Create();

    [LoggerMessage(Level = LogLevel.Debug, Message = "etcd grain storage {Name}: {Operation} of {StateName} of {GrainId} with ETag {ETag} conflicts with the stored ETag {StoredETag}.")]
    private partial void LogConflict(string name, string operation, string stateName, GrainId grainId, string? etag, string storedETag);
}
