using Orleans.Coord.AdoNet;

namespace Orleans.Coord.Tests.Storage;

/// <summary>
/// One real SQL server of <typeparamref name="TServer"/> with the Orleans.Coord schema installed, and the pooled data
/// source a silo would use on it (made and kept by the subclass).
/// </summary>
public abstract class SqlServerFixture<TServer> : IAsyncLifetime
    where TServer : class, IAsyncDisposable
{
    private IAsyncDisposable? _dataSource;

    public TServer Server { get; private set; } = null!;

    /// <summary>The server's dialect, for the schema.</summary>
    protected abstract AdoNetDialect Dialect { get; }

    public async Task InitializeAsync()
    {
        Server = await StartServerAsync();
        var connectionString = ConnectionString(Server);
        await new AdoNetSchemaInstaller().EnsureSchemaAsync(Dialect, connectionString, CancellationToken.None);
        _dataSource = CreateDataSource(connectionString);
    }

    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }

        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }

    protected abstract Task<TServer> StartServerAsync();

    protected abstract string ConnectionString(TServer server);

    /// <summary>Makes the data source on the installed server, keeps it for the tests, and returns it to be disposed last.</summary>
    private protected abstract IAsyncDisposable CreateDataSource(string connectionString);
}
