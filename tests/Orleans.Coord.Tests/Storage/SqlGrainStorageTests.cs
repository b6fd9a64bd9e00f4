using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;
using Orleans.Coord.AdoNet.Storage;
using Orleans.Runtime;
using Orleans.Storage;

namespace Orleans.Coord.Tests.Storage;

/// <summary>
/// The IGrainStorage contract (<see cref="GrainStorageContractTests"/>) of <see cref="SqlGrainStorage"/> on a real SQL
/// server, plus its versions as ETags, a clear that keeps the row, and keys too long for the primary key. Each test
/// class instance has a service id of its own, so the tests share the server's table without seeing each other's rows.
/// A subclass supplies the server's table and how to read a stored version directly.
/// </summary>
public abstract class SqlGrainStorageTests : GrainStorageContractTests
{
    /// <summary>A small limit, so the limit test writes kilobytes instead of the provider's 64 MiB.</summary>
    private const int TestStateLimit = 64 * 1024;

    private SqlGrainStorage? _storage;

    /// <summary>This instance's service id.</summary>
    protected string ServiceId { get; } = "svc-" + Guid.NewGuid().ToString("N")[..10];

    protected override IGrainStorage Storage => SqlStorage;

    private SqlGrainStorage SqlStorage => _storage ??= new SqlGrainStorage(
        "coord",
        Table,
        Serializer,
        Activators,
        Microsoft.Extensions.Options.Options.Create(new ClusterOptions { ClusterId = "cluster", ServiceId = ServiceId }),
        NullLogger<SqlGrainStorage>.Instance,
        TestStateLimit);

    /// <summary>The server's table, as the silo's provider uses it.</summary>
    private protected abstract IGrainStateTable Table { get; }

    protected override int StateLimit(string stateName, GrainId grain) => TestStateLimit;

    protected override async Task<bool> IsStoredAsync(string stateName, GrainId grain) =>
        await StoredVersionAsync(stateName, grain, liveOnly: true) is not null;

    /// <summary>The version stored for this state of this grain (of a state that is not cleared, when <paramref name="liveOnly"/>), read directly.</summary>
    protected abstract Task<long?> StoredVersionAsync(string stateName, GrainId grain, bool liveOnly);

    [Fact]
    public async Task The_version_is_the_etag_and_a_clear_keeps_the_row_with_the_next_version()
    {
        var grain = NewGrainId();
        var state = new GrainState<List<string>>(["one"]);

        await Storage.WriteStateAsync(StateName, grain, state);
        Assert.Equal("1", state.ETag);
        await Storage.WriteStateAsync(StateName, grain, state);
        Assert.Equal("2", state.ETag);
        Assert.Equal(2L, await StoredVersionAsync(StateName, grain, liveOnly: true));

        await Storage.ClearStateAsync(StateName, grain, state);
        Assert.Equal(3L, await StoredVersionAsync(StateName, grain, liveOnly: false));
        var forged = new GrainState<List<string>>(["forged"]) { ETag = "3" };
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grain, forged));
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, grain, forged));

        await Storage.WriteStateAsync(StateName, grain, state);
        Assert.Equal("4", state.ETag);
        Assert.Equal(4L, await StoredVersionAsync(StateName, grain, liveOnly: true));
    }

    [Fact]
    public async Task A_key_too_long_for_the_primary_key_is_refused_with_the_limit_and_nothing_is_written()
    {
        var grain = GrainId.Create("test-grain", new string('k', SqlGrainStorage.MaxKeyBytes));
        var state = new GrainState<List<string>>(["x"]);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Storage.WriteStateAsync(StateName, grain, state));

        Assert.Equal("grainId", error.ParamName);
        Assert.Contains(SqlGrainStorage.MaxKeyBytes.ToString(), error.Message);
        Assert.Null(state.ETag);
        Assert.Null(await StoredVersionAsync(StateName, grain, liveOnly: false));
    }
}
