using Npgsql;
using NpgsqlTypes;

namespace Orleans.Coord.AdoNet.Storage;

/// <summary>
/// <see cref="IGrainStateTable"/> on PostgreSQL: the statements of <see cref="PostgreSqlGrainStateSql"/> on the silo's
/// pooled, auto-preparing data source (<see cref="PostgreSqlStateDataSource"/>), each one round trip and, for a change,
/// one synchronous commit.
/// </summary>
internal sealed class PostgreSqlGrainStateTable(PostgreSqlStateDataSource source) : IGrainStateTable
{
    private readonly NpgsqlDataSource _source = (source ?? throw new ArgumentNullException(nameof(source))).Source;

    public string ServerName => "PostgreSQL";

    public async Task<(long Version, byte[]? Payload)?> ReadAsync(GrainStateKey key)
    {
        await using var command = Command(PostgreSqlGrainStateSql.Read, key);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        if (!await reader.ReadAsync().ConfigureAwait(false))
        {
            return null;
        }

        return (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<byte[]>(1));
    }

    public Task<long?> CreateAsync(GrainStateKey key, byte[] payload) =>
        VersionAsync(Command(PostgreSqlGrainStateSql.Create, key, payload: payload));

    public Task<long?> UpdateAsync(GrainStateKey key, long version, byte[] payload) =>
        VersionAsync(Command(PostgreSqlGrainStateSql.Update, key, version, payload));

    public Task<long?> ClearAsync(GrainStateKey key, long version) =>
        VersionAsync(Command(PostgreSqlGrainStateSql.Clear, key, version));

    public Task<long?> StoredVersionAsync(GrainStateKey key) =>
        VersionAsync(Command(PostgreSqlGrainStateSql.StoredVersion, key));

    public bool IsServerFailure(Exception error, out string cause)
    {
        cause = error is PostgresException pg ? $"{pg.SqlState}: {pg.MessageText}" : error.Message;
        return error is NpgsqlException;
    }

    private static async Task<long?> VersionAsync(NpgsqlCommand command)
    {
        await using (command)
        {
            return await command.ExecuteScalarAsync().ConfigureAwait(false) as long?;
        }
    }

    /// <summary>A command of <paramref name="sql"/> with the key as $1..$3, then the version and the payload where given.</summary>
    private NpgsqlCommand Command(string sql, GrainStateKey key, long? version = null, byte[]? payload = null)
    {
        var command = _source.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key.ServiceId, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key.StateName, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key.GrainId, NpgsqlDbType = NpgsqlDbType.Text });
        if (version is { } expected)
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expected, NpgsqlDbType = NpgsqlDbType.Bigint });
        }

        if (payload is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = payload, NpgsqlDbType = NpgsqlDbType.Bytea });
        }

        return command;
    }
}
