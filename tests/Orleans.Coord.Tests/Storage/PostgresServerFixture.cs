using Orleans.Coord.AdoNet;
using Orleans.Coord.AdoNet.Storage;

namespace Orleans.Coord.Tests.Storage;

/// <summary>One real PostgreSQL server with the Orleans.Coord schema installed, and the pooled data source a silo would use.</summary>
public sealed class PostgresServerFixture : SqlServerFixture<PostgresServer>
{
    internal PostgreSqlStateDataSource DataSource { get; private set; } = null!;

    protected override AdoNetDialect Dialect => AdoNetDialect.PostgreSql;

    protected override Task<PostgresServer> StartServerAsync() => PostgresServer.StartAsync();

    protected override string ConnectionString(PostgresServer server) => server.ConnectionString;

    private protected override IAsyncDisposable CreateDataSource(string connectionString) => DataSource = new PostgreSqlStateDataSource(connectionString);
}

[CollectionDefinition(Name)]
public sealed class PostgresServerCollection : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "postgres-server";
}
