using Npgsql;

namespace Orleans.Coord.AdoNet.Storage;

/// <summary>
/// The silo's one pooled <see cref="NpgsqlDataSource"/> for grain state. Statements are prepared automatically on each
/// pooled connection once they repeat (<c>Max Auto Prepare</c>), and a connection is not reset when it goes back to
/// the pool (the storage keeps no session state on it), so a write is one round trip of an already prepared statement.
/// A connection string that sets <c>Max Auto Prepare</c> keeps its own preparation settings.
/// </summary>
internal sealed class PostgreSqlStateDataSource : IAsyncDisposable, IDisposable
{
    /// <summary>How many statements each connection keeps prepared, unless the connection string sets it.</summary>
    public const int MaxAutoPrepare = 16;

    /// <summary>How often a statement runs on a connection before it is prepared there.</summary>
    public const int AutoPrepareMinUsages = 2;

    public PostgreSqlStateDataSource(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true };
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = MaxAutoPrepare;
            builder.AutoPrepareMinUsages = AutoPrepareMinUsages;
        }

        Source = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    public NpgsqlDataSource Source { get; }

    public void Dispose() => Source.Dispose();

    public ValueTask DisposeAsync() => Source.DisposeAsync();
}
