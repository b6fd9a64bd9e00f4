using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Coord.Etcd.Internal;
using Orleans.Coord.Etcd.Storage;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Orleans.Coord.Tests.Etcd;

/// <summary>The IGrainStorage contract on a real etcd: mod revisions as ETags, transactions on them, the size limit, clear.</summary>
[Collection(EtcdServerCollection.Name)]
public sealed class EtcdGrainStorageTests : IAsyncLifetime
{
    private const string StateName = "counter";
    private readonly string _prefix = "gs-" + Guid.NewGuid().ToString("N")[..10];
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();
    private readonly EtcdConnection _connection;
    private readonly EtcdGrainStorage _storage;

    public EtcdGrainStorageTests(EtcdServerFixture fixture)
    {
        _connection = fixture.Connect(_prefix);
        _storage = new EtcdGrainStorage(
            "etcd",
            _connection,
            _services.GetRequiredService<Serializer>(),
            _services.GetRequiredService<IActivatorProvider>(),
            EtcdServerFixture.Cluster("cluster", "service"),
            NullLogger<EtcdGrainStorage>.Instance);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _connection.DeletePrefixAsync($"/{_prefix}/");
        _connection.Dispose();
        await _services.DisposeAsync();
    }

    [Fact]
    public async Task Reading_a_missing_state_gives_a_new_state_without_etag()
    {
        var state = new GrainState<List<string>>();

        await _storage.ReadStateAsync(StateName, NewGrainId(), state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Empty(state.State!);
    }

    [Fact]
    public async Task Write_then_read_round_trips_and_the_mod_revision_is_the_etag()
    {
        var grain = NewGrainId();
        var state = new GrainState<List<string>>(["seven", "7"]);

        await _storage.WriteStateAsync(StateName, grain, state);

        var key = _storage.Key(StateName, grain);
        Assert.StartsWith($"/{_prefix}/service/state/{StateName}/", key);
        var stored = (await _connection.GetAsync(key)).Kvs.Single();
        Assert.Equal(stored.ModRevision.ToString(), state.ETag);
        Assert.True(state.RecordExists);

        var read = new GrainState<List<string>>();
        await _storage.ReadStateAsync(StateName, grain, read);
        Assert.Equal(["seven", "7"], read.State);
        Assert.Equal(state.ETag, read.ETag);
        Assert.True(read.RecordExists);

        read.State!.Add("eight");
        await _storage.WriteStateAsync(StateName, grain, read);
        Assert.True(long.Parse(read.ETag!) > long.Parse(state.ETag!));
    }

    [Fact]
    public async Task Stale_or_missing_etags_throw_InconsistentStateException_and_write_nothing()
    {
        var grain = NewGrainId();
        var first = new GrainState<List<string>>(["first"]);
        await _storage.WriteStateAsync(StateName, grain, first);
        var stale = new GrainState<List<string>>(["stale"]) { ETag = first.ETag };
        await _storage.WriteStateAsync(StateName, grain, first);

        var staleWrite = await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, grain, stale));
        Assert.Equal(first.ETag, staleWrite.StoredEtag);
        var create = new GrainState<List<string>>(["create"]);
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, grain, create));
        var foreign = new GrainState<List<string>>(["foreign"]) { ETag = "not-a-revision" };
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, grain, foreign));

        var read = new GrainState<List<string>>();
        await _storage.ReadStateAsync(StateName, grain, read);
        Assert.Equal(["first"], read.State);
        Assert.Equal(first.ETag, read.ETag);
    }

    [Fact]
    public async Task Concurrent_writers_with_one_etag_have_exactly_one_winner()
    {
        var grain = NewGrainId();
        var initial = new GrainState<List<string>>(["0"]);
        await _storage.WriteStateAsync(StateName, grain, initial);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            var state = new GrainState<List<string>>([i.ToString()]) { ETag = initial.ETag };
            try
            {
                await _storage.WriteStateAsync(StateName, grain, state);
                return (Won: true, Value: i.ToString());
            }
            catch (InconsistentStateException)
            {
                return (Won: false, Value: i.ToString());
            }
        }));

        var winner = Assert.Single(outcomes, o => o.Won);
        var read = new GrainState<List<string>>();
        await _storage.ReadStateAsync(StateName, grain, read);
        Assert.Equal([winner.Value], read.State);
    }

    [Fact]
    public async Task An_etag_kept_across_a_clear_and_a_recreation_is_stale()
    {
        var grain = NewGrainId();
        var mine = new GrainState<List<string>>(["mine"]);
        await _storage.WriteStateAsync(StateName, grain, mine);
        var other = new GrainState<List<string>>() { ETag = mine.ETag };
        await _storage.ClearStateAsync(StateName, grain, other);
        await _storage.WriteStateAsync(StateName, grain, other);

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, grain, mine));
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.ClearStateAsync(StateName, grain, mine));
    }

    [Fact]
    public async Task Clear_deletes_the_key_only_with_the_current_etag()
    {
        var grain = NewGrainId();
        var state = new GrainState<List<string>>(["x"]);
        await _storage.WriteStateAsync(StateName, grain, state);
        var none = new GrainState<List<string>>();
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.ClearStateAsync(StateName, grain, none));
        Assert.Single((await _connection.GetAsync(_storage.Key(StateName, grain))).Kvs);

        await _storage.ClearStateAsync(StateName, grain, state);

        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        Assert.Empty(state.State!);
        Assert.Empty((await _connection.GetAsync(_storage.Key(StateName, grain))).Kvs);
        await _storage.ClearStateAsync(StateName, grain, state); // nothing stored, null ETag: agrees
        await _storage.WriteStateAsync(StateName, grain, state); // and it can be created again
    }

    [Fact]
    public async Task Oversized_state_is_refused_with_the_limit_and_nothing_is_written()
    {
        var grain = NewGrainId();
        var limit = EtcdGrainStorage.MaxStateBytes(_storage.Key(StateName, grain));
        var largest = await LargestAcceptedAsync(grain, limit);
        Assert.Equal(limit, largest.Size);
        var before = largest.State.ETag;

        var state = new GrainState<List<string>>([new string('x', largest.Text + 1)]) { ETag = before };
        var error = await Assert.ThrowsAsync<GrainStateTooLargeException>(() => _storage.WriteStateAsync(StateName, grain, state));

        Assert.IsAssignableFrom<ArgumentException>(error);
        Assert.Equal("grainState", error.ParamName);
        Assert.Equal(limit, error.Limit);
        Assert.Equal(limit + 1, error.Size);
        Assert.Contains(limit.ToString(), error.Message);
        Assert.Equal(before, state.ETag);
        var read = new GrainState<List<string>>();
        await _storage.ReadStateAsync(StateName, grain, read);
        Assert.Equal(before, read.ETag);
        Assert.Equal(largest.Text, read.State!.Single().Length);
    }

    [Fact]
    public async Task Any_state_name_and_grain_key_map_to_one_distinct_key()
    {
        var keys = new[] { "a/b", "a%2Fb", "..", "ключ~1", "with space", "a" };
        foreach (var key in keys)
        {
            await _storage.WriteStateAsync("st/ate", GrainId.Create("test-grain", key), new GrainState<List<string>>([key]));
        }

        Assert.Equal(keys.Length, (await _connection.GetPrefixAsync($"/{_prefix}/service/state/st%2Fate/")).Kvs.Count);
        foreach (var key in keys)
        {
            var read = new GrainState<List<string>>();
            await _storage.ReadStateAsync("st/ate", GrainId.Create("test-grain", key), read);
            Assert.Equal([key], read.State);
        }
    }

    /// <summary>Writes the largest state the limit allows (serialized size exactly <paramref name="limit"/>): the server takes it.</summary>
    private async Task<(GrainState<List<string>> State, int Text, int Size)> LargestAcceptedAsync(GrainId grain, int limit)
    {
        var serializer = _services.GetRequiredService<Serializer>();
        var text = limit - 16;
        while (serializer.SerializeToArray(new List<string> { new('x', text) }).Length < limit)
        {
            text++;
        }

        var state = new GrainState<List<string>>([new string('x', text)]);
        var size = serializer.SerializeToArray(state.State).Length;
        await _storage.WriteStateAsync(StateName, grain, state);
        return (state, text, size);
    }

    private static GrainId NewGrainId() => GrainId.Create("test-grain", Guid.NewGuid().ToString("N"));
}
