using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using MySqlConnector;

namespace Orleans.Coord.AdoNet.Storage;

/// <summary>
/// <see cref="IGrainStateTable"/> on MySQL/MariaDB: the statements of <see cref="MySqlGrainStateSql"/>, prepared on each
/// pooled connection of <see cref="MySqlStateDataSource"/>, each one round trip and, for a change, one commit. The row's
/// primary key is a 32-byte digest of its identity (<see cref="Digest"/>), so the key stays narrow whatever the lengths
/// of the names; the identity's parts are stored beside it for reading the table by hand.
/// </summary>
internal sealed class MySqlGrainStateTable(MySqlStateDataSource source) : IGrainStateTable
{
    private readonly MySqlDataSource _source = (source ?? throw new ArgumentNullException(nameof(source))).Source;

    public string ServerName => "MySQL";

    /// <summary>The SHA-256 of the key's three parts, each as its UTF-8 byte count (4 bytes, big-endian) and its bytes.</summary>
    public static byte[] Digest(GrainStateKey key)
    {
        string[] parts = [key.ServiceId, key.StateName, key.GrainId];
        var buffer = new byte[parts.Sum(p => 4 + Encoding.UTF8.GetByteCount(p))];
        var offset = 0;
        foreach (var part in parts)
        {
            var length = Encoding.UTF8.GetBytes(part, buffer.AsSpan(offset + 4));
            BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(offset), length);
            offset += 4 + length;
        }

        return SHA256.HashData(buffer);
    }

    public async Task<(long Version, byte[]? Payload)?> ReadAsync(GrainStateKey key)
    {
        await using var connection = await OpenAsync().ConfigureAwait(false);
        await using var command = await CommandAsync(connection, MySqlGrainStateSql.Read, key).ConfigureAwait(false);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        if (!await reader.ReadAsync().ConfigureAwait(false))
        {
            return null;
        }

        return (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<byte[]>(1));
    }

    public async Task<long?> CreateAsync(GrainStateKey key, byte[] payload)
    {
        await using var connection = await OpenAsync().ConfigureAwait(false);
        await using var command = await CommandAsync(connection, MySqlGrainStateSql.Create, key, payload: payload, identity: true).ConfigureAwait(false);
        return await command.ExecuteNonQueryAsync().ConfigureAwait(false) switch
        {
            1 => 1,
            2 => command.LastInsertedId,
            _ => null,
        };
    }

    public Task<long?> UpdateAsync(GrainStateKey key, long version, byte[] payload) =>
        ChangeAsync(MySqlGrainStateSql.Update, key, version, payload);

    public Task<long?> ClearAsync(GrainStateKey key, long version) =>
        ChangeAsync(MySqlGrainStateSql.Clear, key, version, payload: null);

    public async Task<long?> StoredVersionAsync(GrainStateKey key)
    {
        await using var connection = await OpenAsync().ConfigureAwait(false);
        await using var command = await CommandAsync(connection, MySqlGrainStateSql.StoredVersion, key).ConfigureAwait(false);
        return await command.ExecuteScalarAsync().ConfigureAwait(false) as long?;
    }

    /// <summary>
    /// The connector's exceptions, and a connection that failed under a statement: a server closes the connection on a
    /// statement larger than its <c>max_allowed_packet</c>, which the connector reports as the socket's error.
    /// </summary>
    public bool IsServerFailure(Exception error, out string cause)
    {
        cause = error switch
        {
            MySqlException mySql => $"{mySql.ErrorCode}: {mySql.Message}",
            IOException or SocketException => $"the connection to the server failed ({error.Message}); a server closes it on a statement larger than its max_allowed_packet",
            _ => error.Message,
        };
        return error is MySqlException or IOException or SocketException;
    }

    /// <summary>Runs an update that expects <paramref name="version"/>; the next version when it changed the row, else null.</summary>
    private async Task<long?> ChangeAsync(string sql, GrainStateKey key, long version, byte[]? payload)
    {
        await using var connection = await OpenAsync().ConfigureAwait(false);
        await using var command = await CommandAsync(connection, sql, key, version, payload).ConfigureAwait(false);
        return await command.ExecuteNonQueryAsync().ConfigureAwait(false) == 1 ? version + 1 : null;
    }

    private async Task<MySqlConnection> OpenAsync()
    {
        var connection = _source.CreateConnection();
        try
        {
            await connection.OpenAsync().ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// A prepared command of <paramref name="sql"/> on <paramref name="connection"/> with the key's digest, the key's
    /// parts where <paramref name="identity"/>, and the version and the payload where given.
    /// </summary>
    private static async Task<MySqlCommand> CommandAsync(MySqlConnection connection, string sql, GrainStateKey key, long? version = null, byte[]? payload = null, bool identity = false)
    {
        var command = new MySqlCommand(sql, connection);
        command.Parameters.Add("@key", MySqlDbType.Binary).Value = Digest(key);
        if (identity)
        {
            command.Parameters.Add("@service", MySqlDbType.LongText).Value = key.ServiceId;
            command.Parameters.Add("@state", MySqlDbType.LongText).Value = key.StateName;
            command.Parameters.Add("@grain", MySqlDbType.LongText).Value = key.GrainId;
        }

        if (version is { } expected)
        {
            command.Parameters.Add("@version", MySqlDbType.Int64).Value = expected;
        }

        if (payload is not null)
        {
            command.Parameters.Add("@payload", MySqlDbType.LongBlob).Value = payload;
        }

        try
        {
            // Prepared once per pooled connection; later commands of the same text reuse it.
            await command.PrepareAsync().ConfigureAwait(false);
            return command;
        }
        catch
        {
            await command.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
