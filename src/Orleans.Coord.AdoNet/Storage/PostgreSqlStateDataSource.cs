using System.Data.Common;
using Npgsql;

namespace Orleans.Coord.AdoNet.Storage;

/// <summary>
/// The silo's one pooled <see cref="NpgsqlDataSource"/> for grain state. Statements are prepared automatically on each
/// pooled connection once they repeat (<c>Max Auto Prepare</c>), a connection is not reset when it goes back to the
/// pool (the storage keeps no session state on it), so a write is one round trip of an already prepared statement, and
/// the pool holds at most <see cref="MaxPoolSize"/> connections, so that many activations reading their state at once
/// queue for a connection rather than use up the server's connection slots. Connections the load no longer needs are
/// closed within about <see cref="IdleLifetimeSeconds"/>: the pool hands out its idle connections in turn, so with
/// surplus ones (opened by a burst such as the silo's start) one grain's writes in a row would each go to a different
/// server process, the one that has waited longest, instead of the one that just served it (docs/performance.md). A
/// connection string that sets <c>Max Auto Prepare</c>, <c>Maximum Pool Size</c>, <c>Connection Idle Lifetime</c> or
/// <c>Connection Pruning Interval</c> keeps its own value.
/// <para>
/// Every connection commits synchronously: where the server's <c>synchronous_commit</c> is <c>off</c>, a new connection
/// sets it to <c>on</c> for itself (<see cref="CommitSynchronouslySql"/>), because a grant or a term is answered only
/// once stored (docs/design.md, rule 1), and a server with <c>synchronous_commit=off</c> that crashes loses commits it
/// has already acknowledged: a fencing token or a term would be given out again. A stronger server setting
/// (<c>remote_write</c>, <c>remote_apply</c>) is kept, and so is a <c>synchronous_commit</c> the connection string's
/// <c>Options</c> set.
/// </para>
/// </summary>
internal sealed class PostgreSqlStateDataSource : IAsyncDisposable, IDisposable
{
    /// <summary>How many statements each connection keeps prepared, unless the connection string sets it.</summary>
    public const int MaxAutoPrepare = 16;

    /// <summary>How often a statement runs on a connection before it is prepared there.</summary>
    public const int AutoPrepareMinUsages = 2;

    /// <summary>The most connections the pool opens, unless the connection string sets it.</summary>
    public const int MaxPoolSize = 16;

    /// <summary>
    /// How long the pool keeps more connections than the load has needed before it closes the surplus (the median of the
    /// idle counts it sampled over this time), unless the connection string sets <c>Connection Idle Lifetime</c>.
    /// </summary>
    public const int IdleLifetimeSeconds = 10;

    /// <summary>How often the pool samples its idle connections, unless the connection string sets <c>Connection Pruning Interval</c>.</summary>
    public const int PruningIntervalSeconds = 2;

    public PostgreSqlStateDataSource(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true };
        if (!ConnectionStringKeywords.Sets(given, "maxautoprepare"))
        {
            builder.MaxAutoPrepare = MaxAutoPrepare;
            builder.AutoPrepareMinUsages = AutoPrepareMinUsages;
        }

        if (!ConnectionStringKeywords.Sets(given, "maxpoolsize", "maximumpoolsize"))
        {
            builder.MaxPoolSize = MaxPoolSize;
        }

        if (!ConnectionStringKeywords.Sets(given, "connectionidlelifetime"))
        {
            builder.ConnectionIdleLifetime = IdleLifetimeSeconds;
        }

        if (!ConnectionStringKeywords.Sets(given, "connectionpruninginterval"))
        {
            builder.ConnectionPruningInterval = Math.Clamp(builder.ConnectionIdleLifetime, 1, PruningIntervalSeconds);
        }

        var source = new NpgsqlDataSourceBuilder(builder.ConnectionString);
        if (builder.Options?.Contains("synchronous_commit", StringComparison.OrdinalIgnoreCase) != true)
        {
            source.UsePhysicalConnectionInitializer(CommitSynchronously, CommitSynchronouslyAsync);
        }

        Source = source.Build();
    }

    /// <summary>Run on every new physical connection: turns synchronous commit on for the connection where the server has it off.</summary>
    internal const string CommitSynchronouslySql =
        "SELECT set_config('synchronous_commit', 'on', false) WHERE current_setting('synchronous_commit') = 'off'";

    public NpgsqlDataSource Source { get; }

    public void Dispose() => Source.Dispose();

    public ValueTask DisposeAsync() => Source.DisposeAsync();

    private static void CommitSynchronously(NpgsqlConnection connection)
    {
        using var command = new NpgsqlCommand(CommitSynchronouslySql, connection);
        command.ExecuteNonQuery();
    }

    private static async Task CommitSynchronouslyAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(CommitSynchronouslySql, connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}
