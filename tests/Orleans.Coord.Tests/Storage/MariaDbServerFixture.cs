using Orleans.Coord.AdoNet;
using Orleans.Coord.AdoNet.Storage;

namespace Orleans.Coord.Tests.Storage;

/// <summary>One real MariaDB server with the Orleans.Coord schema installed, and the pooled data source a silo would use.</summary>
public sealed class MariaDbServerFixture : SqlServerFixture<MariaDbServer>
{
    internal MySqlStateDataSource DataSource { get; private set; } = null!;

    protected override AdoNetDialect Dialect => AdoNetDialect.MySql;

    protected override Task<MariaDbServer> StartServerAsync() => MariaDbServer.StartAsync();

    protected override string ConnectionString(MariaDbServer server) => server.ConnectionString;

    private protected override IAsyncDisposable CreateDataSource(string connectionString) => DataSource = new MySqlStateDataSource(connectionString);
}

[CollectionDefinition(Name)]
public sealed class MariaDbServerCollection : ICollectionFixture<MariaDbServerFixture>
{
    public const string Name = "mariadb-server";
}
