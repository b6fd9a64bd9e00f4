using Orleans.Coord.AdoNet;
using Orleans.Coord.AdoNet.Storage;

namespace Orleans.Coord.Tests.Storage;

/// <summary>One real PostgreSQL server with the Orleans.Coord schema installed, and the pooled data source a silo would use.</summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;

    internal PostgreSqlStateDataSource DataSource { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await PostgresServer.StartAsync();
        await new AdoNetSchemaInstaller().EnsureSchemaAsync(AdoNetDialect.PostgreSql, Server.ConnectionString, CancellationToken.None);
        DataSource = new PostgreSqlStateDataSource(Server.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (DataSource is not null)
        {
            await DataSource.DisposeAsync();
        }

        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresServerCollection : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "postgres-server";
}
