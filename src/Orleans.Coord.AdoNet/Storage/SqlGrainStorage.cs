using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Orleans.Coord.AdoNet.Storage;

/// <summary>
/// Orleans grain storage in a SQL server's table <c>OrleansCoordGrainState</c> (PostgreSQL or MySQL/MariaDB, through
/// <see cref="IGrainStateTable"/>): each grain state is one row, keyed by (service id, state name, grain id as text),
/// holding the state serialized with the Orleans <see cref="Serializer"/> and a bigint version, which is the ETag. Every
/// call is one statement: one round trip and, for a write, one commit, durable as the server is configured
/// (docs/backends.md).
/// <list type="bullet">
/// <item>Write with a null ETag creates the state and fails if it exists; with an ETag it replaces the state only if the
/// stored version still is the ETag. Otherwise it throws <see cref="InconsistentStateException"/> (carrying the stored
/// ETag) and writes nothing.</item>
/// <item>Clear keeps the row with no payload and the next version, so an ETag kept across a clear and a re-creation is
/// stale too; afterwards the ETag is null. With a null ETag, clear agrees only when no state is stored.</item>
/// <item>A state larger than <see cref="MaxStateBytes"/> throws <see cref="GrainStateTooLargeException"/>, and a state
/// name and grain id longer than <see cref="MaxKeyBytes"/> throw <see cref="ArgumentException"/>; neither writes anything.</item>
/// <item>A statement the server refuses, or a server that cannot be reached within the connection timeout, throws
/// <see cref="OrleansException"/> naming the state, the grain and the cause (the connector's exception is logged).</item>
/// </list>
/// </summary>
internal sealed partial class SqlGrainStorage : IGrainStorage
{
    /// <summary>The largest serialized state a write accepts: 64 MiB (a coordination state is far smaller).</summary>
    public const int MaxStateBytes = 64 * 1024 * 1024;

    /// <summary>
    /// The longest state name plus grain id, in UTF-8 bytes, with the service id: what PostgreSQL's primary key B-tree
    /// entry holds comfortably (it refuses entries over about a third of a page); the same on every server.
    /// </summary>
    public const int MaxKeyBytes = 2048;

    private readonly string _name;
    private readonly IGrainStateTable _table;
    private readonly Serializer _serializer;
    private readonly IActivatorProvider _activatorProvider;
    private readonly ILogger _logger;
    private readonly string _serviceId;
    private readonly int _maxStateBytes;

    public SqlGrainStorage(
        string name,
        IGrainStateTable table,
        Serializer serializer,
        IActivatorProvider activatorProvider,
        IOptions<ClusterOptions> clusterOptions,
        ILogger<SqlGrainStorage> logger)
        : this(name, table, serializer, activatorProvider, clusterOptions, logger, MaxStateBytes)
    {
    }

    /// <summary>A storage with a smaller state limit (tests of the limit).</summary>
    internal SqlGrainStorage(
        string name,
        IGrainStateTable table,
        Serializer serializer,
        IActivatorProvider activatorProvider,
        IOptions<ClusterOptions> clusterOptions,
        ILogger<SqlGrainStorage> logger,
        int maxStateBytes)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(serializer);
        ArgumentNullException.ThrowIfNull(activatorProvider);
        ArgumentNullException.ThrowIfNull(clusterOptions);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxStateBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxStateBytes, MaxStateBytes);
        _name = name;
        _table = table;
        _serializer = serializer;
        _activatorProvider = activatorProvider;
        _logger = logger;
        _serviceId = clusterOptions.Value.ServiceId;
        _maxStateBytes = maxStateBytes;
    }

    /// <summary>The largest serialized state this storage writes.</summary>
    public int StateLimit => _maxStateBytes;

    /// <exception cref="OrleansException">The server refused the statement or could not be reached (the cause is in the message and the log).</exception>
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Guarded("read", stateName, grainId, () => ReadAsync(stateName, grainId, grainState));

    /// <exception cref="InconsistentStateException">The stored state is not the one the ETag names (with a null ETag: a state exists).</exception>
    /// <exception cref="GrainStateTooLargeException">The serialized state is larger than the limit.</exception>
    /// <exception cref="OrleansException">The server refused the statement or could not be reached (the cause is in the message and the log).</exception>
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Guarded("write", stateName, grainId, () => WriteAsync(stateName, grainId, grainState));

    /// <exception cref="InconsistentStateException">The stored state is not the one the ETag names (with a null ETag: a state exists).</exception>
    /// <exception cref="OrleansException">The server refused the statement or could not be reached (the cause is in the message and the log).</exception>
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Guarded("clear", stateName, grainId, () => ClearAsync(stateName, grainId, grainState));

    private async Task ReadAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        if (await _table.ReadAsync(Key(stateName, grainId)).ConfigureAwait(false) is (var version, { } payload))
        {
            grainState.State = _serializer.Deserialize<T>(payload);
            grainState.ETag = FormatETag(version);
            grainState.RecordExists = true;
            return;
        }

        grainState.State = CreateEmpty<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private async Task WriteAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var key = Key(stateName, grainId);
        var data = _serializer.SerializeToArray(grainState.State);
        if (data.Length > _maxStateBytes)
        {
            throw new GrainStateTooLargeException(data.Length, _maxStateBytes, $"state '{stateName}' of grain {grainId}", $"a {_table.ServerName} grain state row", nameof(grainState));
        }

        var written = grainState.ETag is { } etag
            ? await _table.UpdateAsync(key, Expected(etag, "write", stateName, grainId), data).ConfigureAwait(false)
            : await _table.CreateAsync(key, data).ConfigureAwait(false);
        if (written is not { } version)
        {
            throw await ConflictAsync("write", key, grainId, grainState.ETag).ConfigureAwait(false);
        }

        grainState.ETag = FormatETag(version);
        grainState.RecordExists = true;
    }

    private async Task ClearAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var key = Key(stateName, grainId);
        if (grainState.ETag is null)
        {
            // Nothing to clear: it agrees only when nothing is stored.
            if (await _table.StoredVersionAsync(key).ConfigureAwait(false) is { } stored)
            {
                throw Conflict("clear", stateName, grainId, null, FormatETag(stored));
            }
        }
        else if (await _table.ClearAsync(key, Expected(grainState.ETag, "clear", stateName, grainId)).ConfigureAwait(false) is null)
        {
            throw await ConflictAsync("clear", key, grainId, grainState.ETag).ConfigureAwait(false);
        }

        grainState.State = CreateEmpty<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    /// <summary>
    /// Runs one operation; a failure of the server or the connection becomes an <see cref="OrleansException"/> that
    /// names the state, the grain and the cause, and that Orleans can send to the caller (the connector's exceptions
    /// cannot travel). The original is logged.
    /// </summary>
    private async Task Guarded(string operation, string stateName, GrainId grainId, Func<Task> body)
    {
        try
        {
            await body().ConfigureAwait(false);
        }
        catch (Exception ex) when (_table.IsServerFailure(ex, out var cause))
        {
            LogFailed(ex, _table.ServerName, _name, operation, stateName, grainId, cause);
            throw new OrleansException($"{_table.ServerName} grain storage '{_name}': {operation} of state '{stateName}' of grain {grainId} failed: {cause}");
        }
    }

    /// <summary>The state's row key; a key longer than <see cref="MaxKeyBytes"/> throws <see cref="ArgumentException"/>.</summary>
    private GrainStateKey Key(string stateName, GrainId grainId)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        var id = grainId.ToString();
        var keyBytes = Encoding.UTF8.GetByteCount(_serviceId) + Encoding.UTF8.GetByteCount(stateName) + Encoding.UTF8.GetByteCount(id);
        if (keyBytes > MaxKeyBytes)
        {
            throw new ArgumentException(
                $"The service id, state name '{stateName}' and grain id {id} take {keyBytes} bytes in UTF-8; a {_table.ServerName} grain state key holds at most {MaxKeyBytes}.",
                nameof(grainId));
        }

        return new GrainStateKey(_serviceId, stateName, id);
    }

    private long Expected(string etag, string operation, string stateName, GrainId grainId)
    {
        if (!long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version <= 0)
        {
            // Not an ETag this provider issued: it cannot name the stored version.
            throw Conflict(operation, stateName, grainId, etag, "unknown");
        }

        return version;
    }

    private async Task<InconsistentStateException> ConflictAsync(string operation, GrainStateKey key, GrainId grainId, string? etag)
    {
        var stored = await _table.StoredVersionAsync(key).ConfigureAwait(false) is { } version ? FormatETag(version) : "(none)";
        return Conflict(operation, key.StateName, grainId, etag, stored);
    }

    private static string FormatETag(long version) => version.ToString(CultureInfo.InvariantCulture);

    private InconsistentStateException Conflict(string operation, string stateName, GrainId grainId, string? etag, string storedETag)
    {
        LogConflict(_table.ServerName, _name, operation, stateName, grainId, etag, storedETag);
        return new InconsistentStateException(
            $"{_table.ServerName} grain storage '{_name}': {operation} of state '{stateName}' of grain {grainId} with ETag '{etag ?? "(none)"}' conflicts with the stored state (ETag '{storedETag}').",
            storedETag,
            etag ?? string.Empty);
    }

    private T CreateEmpty<T>() => _activatorProvider.GetActivator<T>().Create();

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Server} grain storage {Name}: {Operation} of {StateName} of {GrainId} failed: {Cause}")]
    private partial void LogFailed(Exception ex, string server, string name, string operation, string stateName, GrainId grainId, string cause);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Server} grain storage {Name}: {Operation} of {StateName} of {GrainId} with ETag {ETag} conflicts with the stored ETag {StoredETag}.")]
    private partial void LogConflict(string server, string name, string operation, string stateName, GrainId grainId, string? etag, string storedETag);
}
