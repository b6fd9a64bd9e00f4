using Npgsql;
using Orleans.Coord.AdoNet.Storage;
using Orleans.Runtime;

namespace Orleans.Coord.Tests.Storage;

/// <summary><see cref="SqlGrainStorageTests"/> on a real PostgreSQL.</summary>
[Collection(PostgresServerCollection.Name)]
public sealed class PostgreSqlGrainStorageTests(PostgresServerFixture fixture) : SqlGrainStorageTests
{
    private protected override IGrainStateTable Table { get; } = new PostgreSqlGrainStateTable(fixture.DataSource);

    protected override async Task<long?> StoredVersionAsync(string stateName, GrainId grain, bool liveOnly)
    {
        await using var command = fixture.DataSource.Source.CreateCommand(
            "SELECT Version FROM OrleansCoordGrainState WHERE ServiceId = $1 AND StateName = $2 AND GrainId = $3" + (liveOnly ? " AND Payload IS NOT NULL" : ""));
        command.Parameters.Add(new NpgsqlParameter { Value = ServiceId });
        command.Parameters.Add(new NpgsqlParameter { Value = stateName });
        command.Parameters.Add(new NpgsqlParameter { Value = grain.ToString() });
        return await command.ExecuteScalarAsync() as long?;
    }
}
