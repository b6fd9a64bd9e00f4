using Orleans.Coord.AdoNet;
using Orleans.Coord.AdoNet.Storage;

namespace Orleans.Coord.Tests.Storage;

/// <summary>One real MariaDB server with the Orleans.Coord schema installed, and the pooled data source a silo would use.</summary>
public sealed class MariaDbServerFixture : IAsyncLifetime
{
    public MariaDbServer Server { get; private set; } = null!;

    internal MySqlStateDataSource DataSource { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await MariaDbServer.StartAsync();
        await new AdoNetSchemaInstaller().EnsureSchemaAsync(AdoNetDialect.MySql, Server.ConnectionString, CancellationToken.None);
        DataSource = new MySqlStateDataSource(Server.ConnectionString);
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
public sealed class MariaDbServerCollection : ICollectionFixture<MariaDbServerFixture>
{
    public const string Name = "mariadb-server";
}
