using System.Data.Common;
using MySqlConnector;

namespace Orleans.Coord.AdoNet.Storage;

/// <summary>
/// The silo's one pooled <see cref="MySqlDataSource"/> for grain state on MySQL/MariaDB. A connection is not reset when
/// it goes back to the pool (the storage keeps no session state on it but its prepared statements, which a reset would
/// drop), so a write is one round trip of an already prepared statement; the pool holds at most
/// <see cref="MaxPoolSize"/> connections, so that many activations reading their state at once queue for a connection
/// rather than use up the server's connection slots. A statement's answer counts the rows it changed, not the rows it
/// matched (<c>UseAffectedRows</c>), which is how <see cref="MySqlGrainStateTable"/> tells a create from a conflict. A
/// connection string that sets <c>Connection Reset</c> or <c>Maximum Pool Size</c> keeps its own value.
/// <para>
/// Each statement commits on its own (autocommit). How durable a commit is, is the server's
/// <c>innodb_flush_log_at_trx_commit</c>, a global setting that a connection cannot raise; a silo warns at start when
/// it is not 1 (docs/backends.md).
/// </para>
/// </summary>
internal sealed class MySqlStateDataSource : IAsyncDisposable, IDisposable
{
    /// <summary>The most connections the pool opens, unless the connection string sets it.</summary>
    public const int MaxPoolSize = 16;

    public MySqlStateDataSource(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new MySqlConnectionStringBuilder(connectionString) { UseAffectedRows = true };
        if (!ConnectionStringKeywords.Sets(given, "connectionreset"))
        {
            builder.ConnectionReset = false;
        }

        if (!ConnectionStringKeywords.Sets(given, "maxpoolsize", "maximumpoolsize"))
        {
            builder.MaximumPoolSize = MaxPoolSize;
            builder.MinimumPoolSize = Math.Min(builder.MinimumPoolSize, MaxPoolSize);
        }

        Source = new MySqlDataSource(builder.ConnectionString);
    }

    public MySqlDataSource Source { get; }

    public void Dispose() => Source.Dispose();

    public ValueTask DisposeAsync() => Source.DisposeAsync();
}
