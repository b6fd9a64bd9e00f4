using MySqlConnector;
using Orleans.Coord.AdoNet.Storage;
using Orleans.Runtime;

namespace Orleans.Coord.Tests.Storage;

/// <summary>
/// <see cref="SqlGrainStorageTests"/> on a real MariaDB, which finds the row by the digest of its identity; the
/// stored identity columns are checked against the key.
/// </summary>
[Collection(MariaDbServerCollection.Name)]
public sealed class MySqlGrainStorageTests(MariaDbServerFixture fixture) : SqlGrainStorageTests
{
    private protected override IGrainStateTable Table { get; } = new MySqlGrainStateTable(fixture.DataSource);

    protected override async Task<long?> StoredVersionAsync(string stateName, GrainId grain, bool liveOnly)
    {
        await using var connection = new MySqlConnection(fixture.Server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(
            "SELECT Version FROM OrleansCoordGrainState WHERE ServiceId = @service AND StateName = @state AND GrainId = @grain" +
            (liveOnly ? " AND Payload IS NOT NULL" : ""),
            connection);
        command.Parameters.AddWithValue("@service", ServiceId);
        command.Parameters.AddWithValue("@state", stateName);
        command.Parameters.AddWithValue("@grain", grain.ToString());
        return await command.ExecuteScalarAsync() as long?;
    }

    [Fact]
    public void The_digest_tells_apart_keys_whose_parts_join_to_the_same_text()
    {
        var one = MySqlGrainStateTable.Digest(new GrainStateKey("svc", "ab", "c/1"));
        var other = MySqlGrainStateTable.Digest(new GrainStateKey("svc", "a", "bc/1"));

        Assert.Equal(32, one.Length);
        Assert.NotEqual(one, other);
        Assert.Equal(one, MySqlGrainStateTable.Digest(new GrainStateKey("svc", "ab", "c/1")));
    }
}
