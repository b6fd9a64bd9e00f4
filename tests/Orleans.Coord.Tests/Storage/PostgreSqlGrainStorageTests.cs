using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.Configuration;
using Orleans.Coord.AdoNet.Storage;
using Orleans.Runtime;
using Orleans.Storage;

namespace Orleans.Coord.Tests.Storage;

/// <summary>
/// The IGrainStorage contract (<see cref="GrainStorageContractTests"/>) on a real PostgreSQL, plus its versions as
/// ETags, a clear that keeps the row, and keys too long for the primary key. Each test class instance has a service id
/// of its own, so the tests share the server's table without seeing each other's rows.
/// </summary>
[Collection(PostgresServerCollection.Name)]
public sealed class PostgreSqlGrainStorageTests : GrainStorageContractTests
{
    /// <summary>A small limit, so the limit test writes kilobytes instead of the provider's 64 MiB.</summary>
    private const int TestStateLimit = 64 * 1024;

    private readonly string _serviceId = "svc-" + Guid.NewGuid().ToString("N")[..10];
    private readonly PostgresServerFixture _fixture;
    private readonly PostgreSqlGrainStorage _storage;

    public PostgreSqlGrainStorageTests(PostgresServerFixture fixture)
    {
        _fixture = fixture;
        _storage = new PostgreSqlGrainStorage(
            "postgresql",
            fixture.DataSource,
            Serializer,
            Activators,
            Microsoft.Extensions.Options.Options.Create(new ClusterOptions { ClusterId = "cluster", ServiceId = _serviceId }),
            NullLogger<PostgreSqlGrainStorage>.Instance,
            TestStateLimit);
    }

    protected override IGrainStorage Storage => _storage;

    protected override int StateLimit(string stateName, GrainId grain) => TestStateLimit;

    protected override async Task<bool> IsStoredAsync(string stateName, GrainId grain) =>
        await StoredVersionAsync(stateName, grain, liveOnly: true) is not null;

    [Fact]
    public async Task The_version_is_the_etag_and_a_clear_keeps_the_row_with_the_next_version()
    {
        var grain = NewGrainId();
        var state = new GrainState<List<string>>(["one"]);

        await _storage.WriteStateAsync(StateName, grain, state);
        Assert.Equal("1", state.ETag);
        await _storage.WriteStateAsync(StateName, grain, state);
        Assert.Equal("2", state.ETag);
        Assert.Equal(2L, await StoredVersionAsync(StateName, grain, liveOnly: true));

        await _storage.ClearStateAsync(StateName, grain, state);
        Assert.Equal(3L, await StoredVersionAsync(StateName, grain, liveOnly: false));
        var forged = new GrainState<List<string>>(["forged"]) { ETag = "3" };
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, grain, forged));
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.ClearStateAsync(StateName, grain, forged));

        await _storage.WriteStateAsync(StateName, grain, state);
        Assert.Equal("4", state.ETag);
    }

    [Fact]
    public async Task A_key_too_long_for_the_primary_key_is_refused_with_the_limit_and_nothing_is_written()
    {
        var grain = GrainId.Create("test-grain", new string('k', PostgreSqlGrainStorage.MaxKeyBytes));
        var state = new GrainState<List<string>>(["x"]);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => _storage.WriteStateAsync(StateName, grain, state));

        Assert.Equal("grainId", error.ParamName);
        Assert.Contains(PostgreSqlGrainStorage.MaxKeyBytes.ToString(), error.Message);
        Assert.Null(state.ETag);
        Assert.Null(await StoredVersionAsync(StateName, grain, liveOnly: false));
    }

    private async Task<long?> StoredVersionAsync(string stateName, GrainId grain, bool liveOnly)
    {
        await using var command = _fixture.DataSource.Source.CreateCommand(
            "SELECT Version FROM OrleansCoordGrainState WHERE ServiceId = $1 AND StateName = $2 AND GrainId = $3" + (liveOnly ? " AND Payload IS NOT NULL" : ""));
        command.Parameters.Add(new NpgsqlParameter { Value = _serviceId });
        command.Parameters.Add(new NpgsqlParameter { Value = stateName });
        command.Parameters.Add(new NpgsqlParameter { Value = grain.ToString() });
        return await command.ExecuteScalarAsync() as long?;
    }
}
