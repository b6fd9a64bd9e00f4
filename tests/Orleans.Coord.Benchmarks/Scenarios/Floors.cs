using System.Data.Common;
using Orleans.Coord.Benchmarks.Floors;
using Orleans.Coord.AdoNet.Storage;
using MySqlConnector;
using Npgsql;
using NpgsqlTypes;
using StackExchange.Redis;

namespace Orleans.Coord.Benchmarks.Scenarios;

/// <summary>
/// floors: what every coordination call is made of, measured alone, one call at a time, in turns with each other
/// (<see cref="Interleaved"/>). <c>call</c>: a call to a grain that does nothing (client: the gateway round trip).
/// <c>storage_write</c>: a call to a grain that makes one durable write through the coordination storage provider, as a
/// grant or a release does. On Redis also <c>redis_script_write</c>: StackExchange.Redis running an ETag-checked write
/// script from this process, the client library's own round trip under the provider. On PostgreSQL also
/// <c>postgres_update_write</c>: Npgsql running a prepared single-row <c>UPDATE ... WHERE version = $1</c> from this
/// process, one round trip and one synchronous commit, as the coordination state's connections make it
/// (<c>synchronous_commit</c> and the server's <c>fsync</c> are fields of the line), and
/// <c>postgres_state_statement</c>: the PostgreSQL provider's own write statement alone. On MySQL/MariaDB also
/// <c>mysql_update_write</c>: MySqlConnector running a prepared single-row <c>UPDATE</c> from this process (the server's
/// <c>innodb_flush_log_at_trx_commit</c> is a field of the line). A lock pair is two calls and
/// two writes, so these bound it from below; when lock_uncontended runs in the same run, the floors take their turns
/// among its systems and each of its Orleans.Coord lines gets its p50 minus two of each floor (<see cref="Relate"/>).
/// </summary>
internal sealed class Floors : IAsyncDisposable
{
    private const string System = "orleans";

    // Our own ETag-checked write: the same shape of work as a grain storage write (compare, then set two fields).
    private const string EtagWriteScript = """
        local current = redis.call('HGET', KEYS[1], 'etag')
        if current and current ~= ARGV[1] then return -1 end
        redis.call('HSET', KEYS[1], 'etag', ARGV[2], 'data', ARGV[3])
        return 0
        """;

    private readonly ScenarioContext _context;
    private readonly List<ITakesTurns> _contestants = [];
    private readonly List<Func<Task>> _cleanups = [];

    private Floors(ScenarioContext context) => _context = context;

    /// <summary>Each floor's part in the turns; a floor whose setup failed has the error in its line and takes no part.</summary>
    public IReadOnlyList<ITakesTurns> Contestants => _contestants;

    /// <summary>Sets up every floor of the run's backend for <paramref name="callers"/> (grains, connections, a table, keys).</summary>
    public static async Task<Floors> StartAsync(ScenarioContext context, IEnumerable<Caller> callers)
    {
        var floors = new Floors(context);
        foreach (var caller in callers)
        {
            var grain = caller.Grains.GetGrain<IFloorGrain>($"bench-floor-{caller.Name}-{Guid.NewGuid():N}");
            floors.Add(System, caller.Name, "call", grain.PingAsync);
            floors.Add(System, caller.Name, "storage_write", grain.WriteAsync);
        }

        if (context.Environment.RedisConfiguration is { } configuration)
        {
            // Both ways StackExchange.Redis can complete replies: its own dedicated threads (its default), and the
            // .NET thread pool (what the Redis backend configures).
            await floors.StartAsync("StackExchange.Redis", "redis_script_write", r => RedisScriptWriteAsync(floors, r, configuration, SocketManager.Shared), ("completions", "dedicated"));
            await floors.StartAsync("StackExchange.Redis", "redis_script_write", r => RedisScriptWriteAsync(floors, r, configuration, SocketManager.ThreadPool), ("completions", "thread_pool"));
        }

        if (context.Environment.PostgresConnectionString is { } postgres)
        {
            await floors.StartAsync("Npgsql", "postgres_update_write", r => PostgresUpdateWriteAsync(floors, r, postgres));
            await floors.StartAsync("Npgsql", "postgres_state_statement", r => PostgresStateStatementAsync(floors, r, postgres));
        }

        if (context.Environment.MySqlConnectionString is { } mySql)
        {
            await floors.StartAsync("MySqlConnector", "mysql_update_write", r => MySqlUpdateWriteAsync(floors, r, mySql));
        }

        return floors;
    }

    /// <summary>The floors scenario alone: every floor in turns, then one line each.</summary>
    public static async Task RunAsync(ScenarioContext context, IEnumerable<Caller> callers)
    {
        await using var floors = await StartAsync(context, callers);
        await Interleaved.MeasureAsync(context, floors.Contestants);
        floors.Emit();
    }

    /// <summary>Emits every floor's line (those whose setup failed were emitted then).</summary>
    public void Emit()
    {
        foreach (var contestant in _contestants)
        {
            ScenarioContext.Emit(contestant.Result);
        }
    }

    /// <summary>
    /// Adds to each Orleans.Coord lock pair line <c>minus_two_floors_ms</c>: its p50 minus twice the p50 of
    /// <c>storage_write</c> by the same caller, of <c>postgres_update_write</c> or <c>mysql_update_write</c> and of <c>redis_script_write</c> (thread-pool
    /// completions, as the Redis backend's), each where this run measured it. Meaningful when the floors took their
    /// turns among the pairs.
    /// </summary>
    public void Relate(IEnumerable<BenchmarkResult> pairs)
    {
        var floors = _contestants.Select(c => c.Result).Where(r => r.Error is null).ToArray();
        foreach (var pair in pairs.Where(p => p.System == "orleans-coord" && p.Error is null))
        {
            var over = new Dictionary<string, double?>();
            foreach (var floor in floors)
            {
                var applies = floor.Scenario switch
                {
                    "storage_write" => floor.Caller == pair.Caller,
                    "postgres_update_write" or "mysql_update_write" => true,
                    "redis_script_write" => Equals(floor.Extra.GetValueOrDefault("completions"), "thread_pool"),
                    _ => false,
                };
                if (applies && pair.Latencies.Percentile(50) is { } p50 && floor.Latencies.Percentile(50) is { } f)
                {
                    over[floor.Scenario] = Math.Round(p50 - 2 * f, 3);
                }
            }

            pair.Extra["minus_two_floors_ms"] = over.Count > 0 ? over : null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var cleanup in Enumerable.Reverse(_cleanups))
        {
            try
            {
                await cleanup();
            }
            catch (Exception ex)
            {
                Progress.Say($"floors: cleanup failed: {BenchmarkResult.Describe(ex)}");
            }
        }
    }

    private void Add(string system, string caller, string scenario, Func<Task> operation) =>
        _contestants.Add(new Contestant(_context.NewResult(system, caller, scenario), operation));

    /// <summary>Runs a floor's setup, which returns its operation; a failure goes in its line, which is emitted at once.</summary>
    private async Task StartAsync(string system, string scenario, Func<BenchmarkResult, Task<Func<Task>>> setup, params (string Key, object Value)[] extra)
    {
        var result = _context.NewResult(system, "client", scenario);
        foreach (var (key, value) in extra)
        {
            result.Extra[key] = value;
        }

        Func<Task>? operation = null;
        if (await Interleaved.TryAsync(result, async () => operation = await setup(result)))
        {
            _contestants.Add(new Contestant(result, operation!));
        }
        else
        {
            ScenarioContext.Emit(result);
        }
    }

    private static async Task<Func<Task>> PostgresUpdateWriteAsync(Floors floors, BenchmarkResult result, string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        floors._cleanups.Add(() => connection.DisposeAsync().AsTask());
        await connection.OpenAsync();
        var table = $"bench_floor_{Guid.NewGuid():N}";
        await ExecuteAsync(connection, $"CREATE TABLE {table} (id integer PRIMARY KEY, version bigint NOT NULL, payload bytea NOT NULL)");
        floors._cleanups.Add(() => ExecuteAsync(connection, $"DROP TABLE {table}"));
        await ExecuteAsync(connection, $"INSERT INTO {table} VALUES (1, 0, ''::bytea)");
        // As the coordination state's connections commit (docs/backends.md, durable settings), whatever the server's default.
        await ExecuteAsync(connection, "SET synchronous_commit = on");
        result.Extra["synchronous_commit"] = await ScalarAsync(connection, "SHOW synchronous_commit");
        result.Extra["fsync"] = await ScalarAsync(connection, "SHOW fsync");
        result.Extra["prepared"] = true;

        var update = new NpgsqlCommand($"UPDATE {table} SET version = version + 1, payload = $2 WHERE id = 1 AND version = $1", connection);
        floors._cleanups.Add(() => update.DisposeAsync().AsTask());
        var version = new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint };
        update.Parameters.Add(version);
        update.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = new byte[96], NpgsqlDbType = NpgsqlDbType.Bytea });
        await update.PrepareAsync();
        return async () =>
        {
            if (await update.ExecuteNonQueryAsync() != 1)
            {
                throw new InvalidOperationException("The version did not match.");
            }

            version.TypedValue++;
        };
    }

    /// <summary>
    /// postgres_state_statement: the PostgreSQL provider's own write statement on its own table (three text key columns,
    /// a 300-byte state, <c>RETURNING</c>), from this process through a data source configured as the provider's: what the
    /// statement costs without Orleans' storage bridge, the serializer and the grain.
    /// </summary>
    private static async Task<Func<Task>> PostgresStateStatementAsync(Floors floors, BenchmarkResult result, string connectionString)
    {
        var grain = $"bench-floor/{Guid.NewGuid():N}";
        var payload = new byte[300];
        result.Extra["payload_bytes"] = payload.Length;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand("INSERT INTO OrleansCoordGrainState (ServiceId, StateName, GrainId, Version, Payload) VALUES ('bench', 'state', $1, 1, $2)", connection);
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grain });
            insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = payload });
            await insert.ExecuteNonQueryAsync();
        }

        long version = 1;
        var source = new PostgreSqlStateDataSource(connectionString);
        floors._cleanups.Add(() => source.DisposeAsync().AsTask());
        return async () =>
        {
            await using var command = source.Source.CreateCommand(PostgreSqlGrainStateSql.Update);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "bench", NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "state", NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grain, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = version, NpgsqlDbType = NpgsqlDbType.Bigint });
            command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = payload, NpgsqlDbType = NpgsqlDbType.Bytea });
            version = (long)(await command.ExecuteScalarAsync())!;
        };
    }

    /// <summary>
    /// mysql_update_write: MySqlConnector running a prepared single-row <c>UPDATE ... WHERE version = ?</c> (96-byte
    /// payload) from this process, autocommitted: one round trip and one commit, flushed as the server's
    /// <c>innodb_flush_log_at_trx_commit</c> says (a field of the line).
    /// </summary>
    private static async Task<Func<Task>> MySqlUpdateWriteAsync(Floors floors, BenchmarkResult result, string connectionString)
    {
        var connection = new MySqlConnection(connectionString);
        floors._cleanups.Add(() => connection.DisposeAsync().AsTask());
        await connection.OpenAsync();
        var table = $"bench_floor_{Guid.NewGuid():N}";
        await ExecuteAsync(connection, $"CREATE TABLE {table} (id INT PRIMARY KEY, version BIGINT NOT NULL, payload LONGBLOB NOT NULL) ENGINE = InnoDB");
        floors._cleanups.Add(() => ExecuteAsync(connection, $"DROP TABLE {table}"));
        await ExecuteAsync(connection, $"INSERT INTO {table} VALUES (1, 0, x'')");
        result.Extra["innodb_flush_log_at_trx_commit"] = await ScalarAsync(connection, "SELECT @@innodb_flush_log_at_trx_commit");

        result.Extra["prepared"] = true;
        var update = new MySqlCommand($"UPDATE {table} SET version = version + 1, payload = @payload WHERE id = 1 AND version = @version", connection);
        floors._cleanups.Add(() => update.DisposeAsync().AsTask());
        var version = update.Parameters.Add("@version", MySqlDbType.Int64);
        version.Value = 0L;
        update.Parameters.Add("@payload", MySqlDbType.LongBlob).Value = new byte[96];
        await update.PrepareAsync();
        return async () =>
        {
            if (await update.ExecuteNonQueryAsync() != 1)
            {
                throw new InvalidOperationException("The version did not match.");
            }

            version.Value = (long)version.Value! + 1;
        };
    }

    private static async Task<Func<Task>> RedisScriptWriteAsync(Floors floors, BenchmarkResult result, string configuration, SocketManager sockets)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.SocketManager = sockets;
        var redis = await ConnectionMultiplexer.ConnectAsync(options);
        floors._cleanups.Add(() => redis.DisposeAsync().AsTask());
        var database = redis.GetDatabase();
        RedisKey[] key = [$"bench-floor-{Guid.NewGuid():N}"];
        floors._cleanups.Add(() => database.KeyDeleteAsync(key[0]));
        var payload = new byte[96];
        RedisValue etag = "";
        return async () =>
        {
            RedisValue next = Guid.NewGuid().ToString("N");
            var answer = await database.ScriptEvaluateAsync(EtagWriteScript, key, [etag, next, payload]);
            if ((int)answer != 0)
            {
                throw new InvalidOperationException("The ETag did not match.");
            }

            etag = next;
        };
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync()) ?? "";
    }
}
