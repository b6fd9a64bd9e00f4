using System.Data.Common;
using Orleans.Coord.TestServers;
using Orleans.TestingHost;
using Xunit;

namespace Orleans.Coord.AdoNet.Tests;

/// <summary>
/// One real database server per dialect, shared by that dialect's test classes: the server, the schema installed in its
/// main database, and a two-silo Orleans test cluster using the ADO.NET providers against that database.
/// </summary>
public abstract class BackendFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private TestServer? server;
    private TestCluster? cluster;
    private int databaseCounter;

    public abstract AdoNetDialect Dialect { get; }

    public string Invariant => AdoNetInvariants.For(Dialect);

    /// <summary>The main database, which holds the schema and the cluster's tables.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>The main database as an Orleans.Coord backend URL (postgresql://... or mysql://...).</summary>
    public string Url { get; private set; } = string.Empty;

    public TestCluster Cluster => cluster ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        (server, ConnectionString, Url) = await StartServerAsync(timeout.Token);
        await new AdoNetSchemaInstaller().EnsureSchemaAsync(Dialect, ConnectionString, timeout.Token);

        var builder = new TestClusterBuilder(initialSilosCount: 2);
        builder.Options.UseTestClusterMembership = false;
        builder.Options.ConfigureFileLogging = false;
        builder.Properties[ClusterSetup.InvariantKey] = Invariant;
        builder.Properties[ClusterSetup.ConnectionStringKey] = ConnectionString;
        builder.AddSiloBuilderConfigurator<ClusterSetup.Silo>();
        builder.AddClientBuilderConfigurator<ClusterSetup.Client>();
        cluster = builder.Build();
        await cluster.DeployAsync().WaitAsync(timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }

        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>Creates a new, empty database on the same server and returns its connection string.</summary>
    public Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default) =>
        CreateDatabaseAsync(server ?? throw new InvalidOperationException("The fixture has not started."), $"scratch_{Interlocked.Increment(ref databaseCounter)}", cancellationToken);

    /// <summary>Opens a connection of this dialect.</summary>
    public async Task<DbConnection> OpenAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var connection = CreateConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>Runs a query and returns the first column of the first row.</summary>
    public async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    /// <summary>Runs a query and returns the first column of every row as strings.</summary>
    public async Task<List<string>> ColumnAsync(string connectionString, string sql)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return values;
    }

    protected abstract Task<(TestServer Server, string ConnectionString, string Url)> StartServerAsync(CancellationToken cancellationToken);

    protected abstract Task<string> CreateDatabaseAsync(TestServer server, string name, CancellationToken cancellationToken);

    protected abstract DbConnection CreateConnection(string connectionString);
}
