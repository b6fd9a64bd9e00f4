using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Coord.Etcd.Internal;
using Orleans.Coord.Etcd.Storage;
using Orleans.Coord.Tests.Storage;
using Orleans.Runtime;
using Orleans.Storage;

namespace Orleans.Coord.Tests.Etcd;

/// <summary>The IGrainStorage contract (<see cref="GrainStorageContractTests"/>) on a real etcd, plus its keys and mod revisions as ETags.</summary>
[Collection(EtcdServerCollection.Name)]
public sealed class EtcdGrainStorageTests : GrainStorageContractTests
{
    private readonly string _prefix = "gs-" + Guid.NewGuid().ToString("N")[..10];
    private readonly EtcdConnection _connection;
    private readonly EtcdGrainStorage _storage;

    public EtcdGrainStorageTests(EtcdServerFixture fixture)
    {
        _connection = fixture.Connect(_prefix);
        _storage = new EtcdGrainStorage(
            "etcd",
            _connection,
            Serializer,
            Activators,
            EtcdServerFixture.Cluster("cluster", "service"),
            NullLogger<EtcdGrainStorage>.Instance);
    }

    protected override IGrainStorage Storage => _storage;

    protected override int StateLimit(string stateName, GrainId grain) => EtcdGrainStorage.MaxStateBytes(_storage.Key(stateName, grain));

    protected override async Task<bool> IsStoredAsync(string stateName, GrainId grain) =>
        (await _connection.GetAsync(_storage.Key(stateName, grain))).Kvs.Count > 0;

    public override async Task DisposeAsync()
    {
        await _connection.DeletePrefixAsync($"/{_prefix}/");
        _connection.Dispose();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task The_mod_revision_is_the_etag_and_grows_with_every_write()
    {
        var grain = NewGrainId();
        var state = new GrainState<List<string>>(["seven", "7"]);

        await _storage.WriteStateAsync(StateName, grain, state);

        var key = _storage.Key(StateName, grain);
        Assert.StartsWith($"/{_prefix}/service/state/{StateName}/", key);
        var stored = (await _connection.GetAsync(key)).Kvs.Single();
        Assert.Equal(stored.ModRevision.ToString(), state.ETag);
        var first = state.ETag;
        await _storage.WriteStateAsync(StateName, grain, state);
        Assert.True(long.Parse(state.ETag!) > long.Parse(first!));
    }

    [Fact]
    public async Task Odd_state_names_and_grain_keys_are_escaped_into_one_key_each()
    {
        foreach (var key in OddKeys)
        {
            await _storage.WriteStateAsync(OddStateName, GrainId.Create("test-grain", key), new GrainState<List<string>>([key]));
        }

        Assert.Equal(OddKeys.Length, (await _connection.GetPrefixAsync($"/{_prefix}/service/state/st%2Fate/")).Kvs.Count);
    }
}
