using System.Data.Common;
using Npgsql;
using Orleans.Coord.TestServers;
using Xunit;

namespace Orleans.Coord.AdoNet.Tests;

/// <summary>A real PostgreSQL server with the schema and a two-silo cluster.</summary>
public sealed class PostgresFixture : BackendFixture
{
    public override AdoNetDialect Dialect => AdoNetDialect.PostgreSql;

    protected override async Task<(TestServer Server, string ConnectionString, string Url)> StartServerAsync(CancellationToken cancellationToken)
    {
        var server = await PostgresServer.StartAsync(cancellationToken);
        return (server, server.ConnectionString, server.Url);
    }

    protected override Task<string> CreateDatabaseAsync(TestServer server, string name, CancellationToken cancellationToken) =>
        ((PostgresServer)server).CreateDatabaseAsync(name, cancellationToken);

    protected override DbConnection CreateConnection(string connectionString) => new NpgsqlConnection(connectionString);
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}
