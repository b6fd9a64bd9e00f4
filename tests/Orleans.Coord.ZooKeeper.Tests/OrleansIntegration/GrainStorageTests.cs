using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;
using Orleans.Coord.ZooKeeper.Options;
using Orleans.Coord.ZooKeeper.Storage;
using Orleans.Coord.ZooKeeper.Tests.Infrastructure;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using Xunit;

namespace Orleans.Coord.ZooKeeper.Tests.OrleansIntegration;

[Collection(StandaloneServerCollection.Name)]
public sealed class GrainStorageTests(StandaloneServerFixture fixture) : IAsyncLifetime
{
    private const string StateName = "counter";
    private readonly string _chroot = "/gs-" + Guid.NewGuid().ToString("N")[..10];
    private ServiceProvider _services = null!;
    private ZooKeeperGrainStorage _storage = null!;
    private ZooKeeperClient _plain = null!;

    public async Task InitializeAsync()
    {
        _services = new ServiceCollection()
            .AddSerializer(b => b.AddAssembly(typeof(CounterState).Assembly))
            .BuildServiceProvider();
        _storage = CreateStorage();
        await _storage.InitializeAsync(CancellationToken.None);
        _plain = await fixture.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        await _storage.DisposeAsync();
        await DeleteTreeAsync(_chroot);
        await _plain.DisposeAsync();
        await _services.DisposeAsync();
    }

    [Fact]
    public async Task Reading_a_missing_state_gives_a_new_state_without_etag()
    {
        var state = new GrainState<CounterState>();

        await _storage.ReadStateAsync(StateName, NewGrainId(), state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.NotNull(state.State);
        Assert.Equal(0, state.State!.Value);
    }

    [Fact]
    public async Task Write_then_read_round_trips_and_the_node_version_is_the_etag()
    {
        var grain = NewGrainId();
        var state = new GrainState<CounterState>(new CounterState { Value = 7, Text = "seven" });

        await _storage.WriteStateAsync(StateName, grain, state);
        Assert.Equal("0", state.ETag);
        Assert.True(state.RecordExists);
        state.State!.Value = 8;
        await _storage.WriteStateAsync(StateName, grain, state);
        Assert.Equal("1", state.ETag);

        var read = new GrainState<CounterState>();
        await _storage.ReadStateAsync(StateName, grain, read);
        Assert.True(read.RecordExists);
        Assert.Equal("1", read.ETag);
        Assert.Equal(8, read.State!.Value);
        Assert.Equal("seven", read.State!.Text);

        var node = await _plain.ExistsAsync(_chroot + _storage.NodePath(StateName, grain));
        Assert.Equal(1, node!.Version);
    }

    [Fact]
    public async Task Stale_or_missing_etags_throw_InconsistentStateException_and_write_nothing()
    {
        var grain = NewGrainId();
        var first = new GrainState<CounterState>(new CounterState { Value = 1 });
        await _storage.WriteStateAsync(StateName, grain, first);
        var stale = new GrainState<CounterState>(new CounterState { Value = 100 }) { ETag = first.ETag };
        first.State!.Value = 2;
        await _storage.WriteStateAsync(StateName, grain, first);

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, grain, stale));
        var fresh = new GrainState<CounterState>(new CounterState { Value = 200 });
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, grain, fresh)); // create over an existing state
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.ClearStateAsync(StateName, grain, stale));
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.ClearStateAsync(StateName, grain, fresh));
        var foreign = new GrainState<CounterState>(new CounterState()) { ETag = "not-a-version" };
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, grain, foreign));

        var read = new GrainState<CounterState>();
        await _storage.ReadStateAsync(StateName, grain, read);
        Assert.Equal(2, read.State!.Value);
        Assert.Equal(first.ETag, read.ETag);
    }

    [Fact]
    public async Task Writing_with_an_etag_after_the_state_was_cleared_elsewhere_is_a_conflict()
    {
        var grain = NewGrainId();
        var state = new GrainState<CounterState>(new CounterState { Value = 1 });
        await _storage.WriteStateAsync(StateName, grain, state);
        var other = new GrainState<CounterState>();
        await _storage.ReadStateAsync(StateName, grain, other);
        await _storage.ClearStateAsync(StateName, grain, other);

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, grain, state));
    }

    [Fact]
    public async Task Clear_deletes_the_node_and_resets_the_state()
    {
        var grain = NewGrainId();
        var state = new GrainState<CounterState>(new CounterState { Value = 5 });
        await _storage.WriteStateAsync(StateName, grain, state);

        await _storage.ClearStateAsync(StateName, grain, state);

        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        Assert.Equal(0, state.State!.Value);
        Assert.Null(await _plain.ExistsAsync(_chroot + _storage.NodePath(StateName, grain)));
        var read = new GrainState<CounterState>();
        await _storage.ReadStateAsync(StateName, grain, read);
        Assert.False(read.RecordExists);

        await _storage.ClearStateAsync(StateName, grain, read); // nothing stored, no etag: fine
        await _storage.WriteStateAsync(StateName, grain, read); // and it can be written again
        Assert.Equal("0", read.ETag);
    }

    [Fact]
    public async Task Oversized_state_is_refused_with_the_limit_and_nothing_is_written()
    {
        var grain = NewGrainId();
        var state = new GrainState<CounterState>(new CounterState { Text = new string('x', ZooKeeperClient.MaxDataLength + 1) });

        var error = await Assert.ThrowsAsync<GrainStateTooLargeException>(() => _storage.WriteStateAsync(StateName, grain, state));

        Assert.IsAssignableFrom<ArgumentException>(error);
        Assert.Equal(ZooKeeperClient.MaxDataLength, error.Limit);
        Assert.True(error.Size > error.Limit);
        Assert.Contains(ZooKeeperClient.MaxDataLength.ToString(), error.Message);
        Assert.Null(state.ETag);
        Assert.Null(await _plain.ExistsAsync(_chroot + _storage.NodePath(StateName, grain)));

        state.State!.Text = new string('x', 900_000); // under the limit: accepted
        await _storage.WriteStateAsync(StateName, grain, state);
        Assert.Equal("0", state.ETag);
    }

    [Fact]
    public async Task Any_state_name_and_grain_key_map_to_one_distinct_node()
    {
        var keys = new[] { "a/b", "a%2Fb", "..", "ключ~1", "with space", "a" };
        foreach (var key in keys)
        {
            var state = new GrainState<CounterState>(new CounterState { Text = key });
            await _storage.WriteStateAsync("st/ate", GrainId.Create("test-grain", key), state);
        }

        var servicePath = _chroot + ZooKeeperStorageOptions.DefaultRootPath + "/service";
        Assert.Equal(keys.Length, (await _plain.GetChildrenAsync(servicePath)).Children.Count);
        foreach (var key in keys)
        {
            var read = new GrainState<CounterState>();
            await _storage.ReadStateAsync("st/ate", GrainId.Create("test-grain", key), read);
            Assert.Equal(key, read.State!.Text);
        }
    }

    [Fact]
    public void Invalid_options_are_refused_naming_the_setting()
    {
        var noConnect = Assert.Throws<ArgumentException>(() => new ZooKeeperStorageOptions().Validate());
        Assert.Equal("ConnectString", noConnect.ParamName);
        var badPort = Assert.Throws<ArgumentException>(() => new ZooKeeperStorageOptions { ConnectString = "127.0.0.1:70000" }.Validate());
        Assert.Equal("ConnectString", badPort.ParamName);
        var timeout = Assert.Throws<ArgumentOutOfRangeException>(() => new ZooKeeperStorageOptions { ConnectString = "127.0.0.1:2181", SessionTimeout = TimeSpan.FromMilliseconds(1) }.Validate());
        Assert.Equal("SessionTimeout", timeout.ParamName);
        var root = Assert.Throws<ArgumentException>(() => new ZooKeeperStorageOptions { ConnectString = "127.0.0.1:2181", RootPath = "relative" }.Validate());
        Assert.Equal("RootPath", root.ParamName);
        var clustering = Assert.Throws<ArgumentOutOfRangeException>(() => new ZooKeeperClusteringOptions { ConnectString = "127.0.0.1:2181", ConnectTimeout = TimeSpan.Zero }.Validate());
        Assert.Equal("ConnectTimeout", clustering.ParamName);
        Assert.Throws<ArgumentException>(() => CreateStorage(o => o.ConnectString = string.Empty));
    }

    private static GrainId NewGrainId() => GrainId.Create("test-grain", Guid.NewGuid().ToString("N"));

    private ZooKeeperGrainStorage CreateStorage(Action<ZooKeeperStorageOptions>? configure = null)
    {
        var options = new ZooKeeperStorageOptions { ConnectString = fixture.ConnectString + _chroot };
        configure?.Invoke(options);
        return new ZooKeeperGrainStorage(
            "zk",
            options,
            _services.GetRequiredService<Serializer>(),
            _services.GetRequiredService<IActivatorProvider>(),
            Microsoft.Extensions.Options.Options.Create(new ClusterOptions { ClusterId = "cluster", ServiceId = "service" }),
            NullLogger<ZooKeeperGrainStorage>.Instance);
    }

    private async Task DeleteTreeAsync(string path)
    {
        var children = await _plain.GetChildrenAsync(path);
        foreach (var child in children.Children)
        {
            await DeleteTreeAsync(path + "/" + child);
        }

        await _plain.DeleteAsync(path);
    }
}
