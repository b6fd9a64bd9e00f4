using Npgsql;

namespace Orleans.Coord.Benchmarks.Scenarios;

/// <summary>
/// On PostgreSQL: the size of one lock's stored state, read from its row of <c>OrleansCoordGrainState</c> at the first
/// grant past the middle of each measured turn, while its sessions hold and wait. Every write of the lock rewrites that row whole, so the
/// stored size is what each write leaves behind as a dead row version (in the table, or in its TOAST table once the
/// state is larger than about 2 KB) for autovacuum to reclaim. The line gets the medians: <c>state_bytes</c> (the
/// serialized state) and <c>stored_state_bytes</c> (as PostgreSQL stores it, after compression).
/// </summary>
internal sealed class LockStateSize(string connectionString)
{
    private const string Query =
        "SELECT octet_length(Payload), pg_column_size(Payload) FROM OrleansCoordGrainState WHERE StateName = 'lock' AND GrainId = $1";

    private readonly List<long> _serialized = [];
    private readonly List<long> _stored = [];

    /// <summary>A sampler for one lock on the run's backend; null where the backend is not PostgreSQL.</summary>
    public static LockStateSize? For(ScenarioContext context) =>
        context.Environment.PostgresConnectionString is { } postgres ? new LockStateSize(postgres) : null;

    /// <summary>Reads the size of <paramref name="lockName"/>'s stored state once.</summary>
    public async Task SampleAsync(string lockName)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(Query, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"lock/{lockName}" });
        await using var reader = await command.ExecuteReaderAsync();
        if (await reader.ReadAsync() && !reader.IsDBNull(0))
        {
            _serialized.Add(reader.GetInt32(0));
            _stored.Add(reader.GetInt32(1));
        }
    }

    /// <summary>Adds the medians of the samples to <paramref name="result"/>, when there are any.</summary>
    public void Report(BenchmarkResult result)
    {
        if (_serialized.Count > 0)
        {
            result.Extra["state_bytes"] = Median(_serialized);
            result.Extra["stored_state_bytes"] = Median(_stored);
        }
    }

    private static long Median(List<long> values) => values.Order().ElementAt(values.Count / 2);
}
