using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Orleans.Coord.AdoNet.Storage;

/// <summary>
/// Orleans grain storage in PostgreSQL: each grain state is one row of <c>OrleansCoordGrainState</c>, keyed by
/// (service id, state name, grain id as text), holding the state serialized with the Orleans <see cref="Serializer"/>
/// and a bigint version, which is the ETag. Every call is one statement (<see cref="PostgreSqlGrainStateSql"/>) on the
/// silo's pooled, auto-preparing data source: one round trip and, for a write, one synchronous commit
/// (<see cref="PostgreSqlStateDataSource"/>).
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
internal sealed partial class PostgreSqlGrainStorage : IGrainStorage
{
    /// <summary>The largest serialized state a write accepts: 64 MiB (a coordination state is far smaller).</summary>
    public const int MaxStateBytes = 64 * 1024 * 1024;

    /// <summary>
    /// The longest state name plus grain id, in UTF-8 bytes, with the service id: what the primary key's B-tree entry
    /// holds comfortably (PostgreSQL refuses entries over about a third of a page).
    /// </summary>
    public const int MaxKeyBytes = 2048;

    private readonly string _name;
    private readonly NpgsqlDataSource _source;
    private readonly Serializer _serializer;
    private readonly IActivatorProvider _activatorProvider;
    private readonly ILogger _logger;
    private readonly string _serviceId;
    private readonly int _maxStateBytes;

    public PostgreSqlGrainStorage(
        string name,
        PostgreSqlStateDataSource source,
        Serializer serializer,
        IActivatorProvider activatorProvider,
        IOptions<ClusterOptions> clusterOptions,
        ILogger<PostgreSqlGrainStorage> logger)
        : this(name, source, serializer, activatorProvider, clusterOptions, logger, MaxStateBytes)
    {
    }

    /// <summary>A storage with a smaller state limit (tests of the limit).</summary>
    internal PostgreSqlGrainStorage(
        string name,
        PostgreSqlStateDataSource source,
        Serializer serializer,
        IActivatorProvider activatorProvider,
        IOptions<ClusterOptions> clusterOptions,
        ILogger<PostgreSqlGrainStorage> logger,
        int maxStateBytes)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(serializer);
        ArgumentNullException.ThrowIfNull(activatorProvider);
        ArgumentNullException.ThrowIfNull(clusterOptions);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxStateBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxStateBytes, MaxStateBytes);
        _name = name;
        _source = source.Source;
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
        await using var command = Command(PostgreSqlGrainStateSql.Read, stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        if (await reader.ReadAsync().ConfigureAwait(false) && !reader.IsDBNull(1))
        {
            var version = reader.GetInt64(0);
            grainState.State = _serializer.Deserialize<T>(reader.GetFieldValue<byte[]>(1));
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
        var data = _serializer.SerializeToArray(grainState.State);
        if (data.Length > _maxStateBytes)
        {
            throw new GrainStateTooLargeException(data.Length, _maxStateBytes, $"state '{stateName}' of grain {grainId}", "a PostgreSQL grain state row", nameof(grainState));
        }

        var expected = grainState.ETag is { } etag ? Expected(etag, "write", stateName, grainId) : (long?)null;
        var command = Command(expected is null ? PostgreSqlGrainStateSql.Create : PostgreSqlGrainStateSql.Update, stateName, grainId);
        if (expected is { } version)
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = version, NpgsqlDbType = NpgsqlDbType.Bigint });
        }

        await using (command)
        {
            command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = data, NpgsqlDbType = NpgsqlDbType.Bytea });
            if (await command.ExecuteScalarAsync().ConfigureAwait(false) is not long written)
            {
                throw await ConflictAsync("write", stateName, grainId, grainState.ETag).ConfigureAwait(false);
            }

            grainState.ETag = FormatETag(written);
            grainState.RecordExists = true;
        }
    }

    private async Task ClearAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        if (grainState.ETag is null)
        {
            // Nothing to clear: it agrees only when nothing is stored.
            await using var check = Command(PostgreSqlGrainStateSql.StoredVersion, stateName, grainId);
            if (await check.ExecuteScalarAsync().ConfigureAwait(false) is long stored)
            {
                throw Conflict("clear", stateName, grainId, null, FormatETag(stored));
            }
        }
        else
        {
            var expected = Expected(grainState.ETag, "clear", stateName, grainId);
            await using var command = Command(PostgreSqlGrainStateSql.Clear, stateName, grainId);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expected, NpgsqlDbType = NpgsqlDbType.Bigint });
            if (await command.ExecuteScalarAsync().ConfigureAwait(false) is not long)
            {
                throw await ConflictAsync("clear", stateName, grainId, grainState.ETag).ConfigureAwait(false);
            }
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
        catch (NpgsqlException ex)
        {
            var cause = ex is PostgresException pg ? $"{pg.SqlState}: {pg.MessageText}" : ex.Message;
            LogFailed(ex, _name, operation, stateName, grainId, cause);
            throw new OrleansException($"PostgreSQL grain storage '{_name}': {operation} of state '{stateName}' of grain {grainId} failed: {cause}");
        }
    }

    /// <summary>A command of <paramref name="sql"/> with the key parameters $1..$3 bound.</summary>
    private NpgsqlCommand Command(string sql, string stateName, GrainId grainId)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        var id = grainId.ToString();
        var keyBytes = Encoding.UTF8.GetByteCount(_serviceId) + Encoding.UTF8.GetByteCount(stateName) + Encoding.UTF8.GetByteCount(id);
        if (keyBytes > MaxKeyBytes)
        {
            throw new ArgumentException(
                $"The service id, state name '{stateName}' and grain id {id} take {keyBytes} bytes in UTF-8; a PostgreSQL grain state key holds at most {MaxKeyBytes}.",
                nameof(grainId));
        }

        var command = _source.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _serviceId, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stateName, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id, NpgsqlDbType = NpgsqlDbType.Text });
        return command;
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

    private async Task<InconsistentStateException> ConflictAsync(string operation, string stateName, GrainId grainId, string? etag)
    {
        await using var read = Command(PostgreSqlGrainStateSql.StoredVersion, stateName, grainId);
        var stored = await read.ExecuteScalarAsync().ConfigureAwait(false) is long version ? FormatETag(version) : "(none)";
        return Conflict(operation, stateName, grainId, etag, stored);
    }

    private static string FormatETag(long version) => version.ToString(CultureInfo.InvariantCulture);

    private InconsistentStateException Conflict(string operation, string stateName, GrainId grainId, string? etag, string storedETag)
    {
        LogConflict(_name, operation, stateName, grainId, etag, storedETag);
        return new InconsistentStateException(
            $"PostgreSQL grain storage '{_name}': {operation} of state '{stateName}' of grain {grainId} with ETag '{etag ?? "(none)"}' conflicts with the stored state (ETag '{storedETag}').",
            storedETag,
            etag ?? string.Empty);
    }

    private T CreateEmpty<T>() => _activatorProvider.GetActivator<T>().Create();

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL grain storage {Name}: {Operation} of {StateName} of {GrainId} failed: {Cause}")]
    private partial void LogFailed(Exception ex, string name, string operation, string stateName, GrainId grainId, string cause);

    [LoggerMessage(Level = LogLevel.Debug, Message = "PostgreSQL grain storage {Name}: {Operation} of {StateName} of {GrainId} with ETag {ETag} conflicts with the stored ETag {StoredETag}.")]
    private partial void LogConflict(string name, string operation, string stateName, GrainId grainId, string? etag, string storedETag);
}
