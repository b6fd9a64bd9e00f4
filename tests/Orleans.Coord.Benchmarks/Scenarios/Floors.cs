using Orleans.Coord.Benchmarks.Floors;
using Orleans.Coord.AdoNet.Storage;
using Npgsql;
using NpgsqlTypes;
using StackExchange.Redis;

namespace Orleans.Coord.Benchmarks.Scenarios;

/// <summary>
/// floors: what every coordination call is made of, measured alone, one call at a time. <c>call</c>: a call to a grain
/// that does nothing (client: the gateway round trip). <c>storage_write</c>: a call to a grain that makes one durable
/// write through the coordination storage provider, as a grant or a release does. On Redis also
/// <c>redis_script_write</c>: StackExchange.Redis running an ETag-checked write script from this process, the client
/// library's own round trip under the provider. On PostgreSQL also <c>postgres_update_write</c>: Npgsql running a
/// prepared single-row <c>UPDATE ... WHERE version = $1</c> from this process, one round trip and one synchronous commit,
/// as the coordination state's connections make it (<c>synchronous_commit</c> and the server's <c>fsync</c> are fields of the line); when lock_uncontended
/// ran in the same run, the line also holds each of its Orleans.Coord p50s minus two of these floors. And
/// <c>postgres_state_statement</c>: the PostgreSQL provider's own write statement alone. A lock pair is two calls and
/// two writes, so these bound it from below.
/// </summary>
internal static class Floors
{
    private const string System = "orleans";

    // Our own ETag-checked write: the same shape of work as a grain storage write (compare, then set two fields).
    private const string EtagWriteScript = """
        local current = redis.call('HGET', KEYS[1], 'etag')
        if current and current ~= ARGV[1] then return -1 end
        redis.call('HSET', KEYS[1], 'etag', ARGV[2], 'data', ARGV[3])
        return 0
        """;

    public static async Task RunAsync(ScenarioContext context, IEnumerable<Caller> callers)
    {
        var slice = context.Duration / 2;
        foreach (var caller in callers)
        {
            var grain = caller.Grains.GetGrain<IFloorGrain>($"bench-floor-{caller.Name}-{Guid.NewGuid():N}");
            await context.MeasureAsync(System, caller.Name, "call", slice, grain.PingAsync);
            await context.MeasureAsync(System, caller.Name, "storage_write", slice, grain.WriteAsync);
        }

        if (context.Environment.RedisConfiguration is { } configuration)
        {
            // Both ways StackExchange.Redis can complete replies: its own dedicated threads (its default), and the
            // .NET thread pool (what the Redis backend configures).
            await RedisScriptWriteAsync(context, configuration, "dedicated", SocketManager.Shared, slice);
            await RedisScriptWriteAsync(context, configuration, "thread_pool", SocketManager.ThreadPool, slice);
        }

        if (context.Environment.PostgresConnectionString is { } postgres)
        {
            await PostgresUpdateWriteAsync(context, postgres, slice);
            await PostgresStateStatementAsync(context, postgres, slice);
        }
    }

    private static async Task PostgresUpdateWriteAsync(ScenarioContext context, string connectionString, TimeSpan duration)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var table = $"bench_floor_{Guid.NewGuid():N}";
        await ExecuteAsync(connection, $"CREATE TABLE {table} (id integer PRIMARY KEY, version bigint NOT NULL, payload bytea NOT NULL)");
        await ExecuteAsync(connection, $"INSERT INTO {table} VALUES (1, 0, ''::bytea)");
        // As the coordination state's connections commit (docs/backends.md, durable settings), whatever the server's default.
        await ExecuteAsync(connection, "SET synchronous_commit = on");
        var synchronousCommit = await ScalarAsync(connection, "SHOW synchronous_commit");
        var fsync = await ScalarAsync(connection, "SHOW fsync");

        await using var update = new NpgsqlCommand($"UPDATE {table} SET version = version + 1, payload = $2 WHERE id = 1 AND version = $1", connection);
        var version = new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint };
        update.Parameters.Add(version);
        update.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = new byte[96], NpgsqlDbType = NpgsqlDbType.Bytea });
        await update.PrepareAsync();

        ScenarioContext.Hold();
        try
        {
            await context.MeasureAsync("Npgsql", "client", "postgres_update_write", duration, async () =>
            {
                if (await update.ExecuteNonQueryAsync() != 1)
                {
                    throw new InvalidOperationException("The version did not match.");
                }

                version.TypedValue++;
            }, ("synchronous_commit", synchronousCommit), ("fsync", fsync), ("prepared", true));
        }
        finally
        {
            ScenarioContext.Release(held =>
            {
                foreach (var floor in held)
                {
                    floor.Extra["lock_uncontended_minus_two_floors_ms"] = LockPairsOverFloors(floor.Latencies.Percentile(50));
                }
            });
        }

        await ExecuteAsync(connection, $"DROP TABLE {table}");
    }

    /// <summary>
    /// postgres_state_statement: the PostgreSQL provider's own write statement on its own table (three text key columns,
    /// a 300-byte state, <c>RETURNING</c>), from this process through a data source configured as the provider's: what the
    /// statement costs without Orleans' storage bridge, the serializer and the grain.
    /// </summary>
    private static async Task PostgresStateStatementAsync(ScenarioContext context, string connectionString, TimeSpan duration)
    {
        var grain = $"bench-floor/{Guid.NewGuid():N}";
        var payload = new byte[300];
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand("INSERT INTO OrleansCoordGrainState (ServiceId, StateName, GrainId, Version, Payload) VALUES ('bench', 'state', $1, 1, $2)", connection);
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grain });
            insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = payload });
            await insert.ExecuteNonQueryAsync();
        }

        long version = 1;
        await using var source = new PostgreSqlStateDataSource(connectionString);
        await context.MeasureAsync("Npgsql", "client", "postgres_state_statement", duration, async () =>
        {
            await using var command = source.Source.CreateCommand(PostgreSqlGrainStateSql.Update);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "bench", NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "state", NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grain, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = version, NpgsqlDbType = NpgsqlDbType.Bigint });
            command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = payload, NpgsqlDbType = NpgsqlDbType.Bytea });
            version = (long)(await command.ExecuteScalarAsync())!;
        }, ("payload_bytes", payload.Length));
    }

    /// <summary>Each Orleans.Coord lock_uncontended p50 of this run (by caller) minus two floors; null when none ran.</summary>
    private static Dictionary<string, double?>? LockPairsOverFloors(double? floor)
    {
        var pairs = ScenarioContext.Results.Where(r => r.Scenario == "lock_uncontended" && r.System == "orleans-coord" && r.Error is null).ToArray();
        return pairs.Length == 0 || floor is not { } f
            ? null
            : pairs.ToDictionary(r => r.Caller, r => r.Latencies.Percentile(50) is { } p50 ? Math.Round(p50 - 2 * f, 3) : (double?)null);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToString(await command.ExecuteScalarAsync()) ?? "";
    }

    private static async Task RedisScriptWriteAsync(ScenarioContext context, string configuration, string completions, SocketManager sockets, TimeSpan duration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.SocketManager = sockets;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
        var database = redis.GetDatabase();
        RedisKey[] key = [$"bench-floor-{Guid.NewGuid():N}"];
        var payload = new byte[96];
        RedisValue etag = "";
        await context.MeasureAsync("StackExchange.Redis", "client", "redis_script_write", duration, async () =>
        {
            RedisValue next = Guid.NewGuid().ToString("N");
            var answer = await database.ScriptEvaluateAsync(EtagWriteScript, key, [etag, next, payload]);
            if ((int)answer != 0)
            {
                throw new InvalidOperationException("The ETag did not match.");
            }

            etag = next;
        }, ("completions", completions));
        await database.KeyDeleteAsync(key[0]);
    }
}
