using Microsoft.Extensions.Logging.Abstractions;
using MySqlConnector;
using Orleans.Configuration;
using Orleans.Coord.AdoNet.Storage;
using Orleans.Runtime;

namespace Orleans.Coord.Tests.Storage;

/// <summary>
/// <see cref="SqlGrainStorageTests"/> on a real MariaDB, which finds the row by the digest of its identity (the stored
/// identity columns are checked against the key), and a state larger than the server's packet limit.
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

    [Fact]
    public async Task A_state_larger_than_the_servers_packet_limit_is_refused_with_the_cause_and_nothing_is_written()
    {
        const int serverLimit = 1024 * 1024;
        var serversOwn = await PacketLimitAsync("SELECT @@GLOBAL.max_allowed_packet");
        await PacketLimitAsync($"SET GLOBAL max_allowed_packet = {serverLimit}");
        try
        {
            // New connections take the server's new limit; the fixture's pooled ones keep theirs.
            await using var source = new MySqlStateDataSource(fixture.Server.ConnectionString + ";Pooling=false");
            var storage = new SqlGrainStorage(
                "coord",
                new MySqlGrainStateTable(source),
                Serializer,
                Activators,
                Microsoft.Extensions.Options.Options.Create(new ClusterOptions { ClusterId = "cluster", ServiceId = ServiceId }),
                NullLogger<SqlGrainStorage>.Instance);
            var grain = NewGrainId();
            var state = new GrainState<byte[]>(new byte[2 * serverLimit]);

            var error = await Assert.ThrowsAsync<OrleansException>(() => storage.WriteStateAsync(StateName, grain, state));

            Assert.Contains("MySQL grain storage 'coord': write of state", error.Message);
            Assert.Contains("max_allowed_packet", error.Message);
            Assert.Null(state.ETag);
            Assert.Null(await StoredVersionAsync(StateName, grain, liveOnly: false));
        }
        finally
        {
            await PacketLimitAsync($"SET GLOBAL max_allowed_packet = {serversOwn}");
        }
    }

    /// <summary>Runs a statement on the server's <c>max_allowed_packet</c> and returns what it answers.</summary>
    private async Task<object?> PacketLimitAsync(string sql)
    {
        await using var connection = new MySqlConnection(fixture.Server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
