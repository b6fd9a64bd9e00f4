using System.Data.Common;
using MySqlConnector;
using Orleans.Coord.TestServers;
using Xunit;

namespace Orleans.Coord.AdoNet.Tests;

/// <summary>A real MariaDB server with the schema and a two-silo cluster.</summary>
public sealed class MariaDbFixture : BackendFixture
{
    public override AdoNetDialect Dialect => AdoNetDialect.MySql;

    protected override async Task<(TestServer Server, string ConnectionString, string Url)> StartServerAsync(CancellationToken cancellationToken)
    {
        var server = await MariaDbServer.StartAsync(cancellationToken);
        return (server, server.ConnectionString, server.Url);
    }

    protected override Task<string> CreateDatabaseAsync(TestServer server, string name, CancellationToken cancellationToken) =>
        ((MariaDbServer)server).CreateDatabaseAsync(name, cancellationToken);

    protected override DbConnection CreateConnection(string connectionString) => new MySqlConnection(connectionString);
}

[CollectionDefinition(Name)]
public sealed class MariaDbCollection : ICollectionFixture<MariaDbFixture>
{
    public const string Name = "MariaDB";
}
