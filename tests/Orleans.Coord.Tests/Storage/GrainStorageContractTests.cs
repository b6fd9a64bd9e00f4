using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Orleans.Coord.Tests.Storage;

/// <summary>
/// The IGrainStorage contract that the engine relies on (docs/design.md, rule 2), for any backend's own storage on its
/// real server: ETags checked on every write and clear, conflicts as <see cref="InconsistentStateException"/> that write
/// nothing, one winner among concurrent writers, ETags that stay stale across a clear, the size limit, and any key.
/// A subclass supplies the storage and how to look at what is stored.
/// </summary>
public abstract class GrainStorageContractTests : IAsyncLifetime
{
    protected const string StateName = "counter";

    protected ServiceProvider Services { get; } = new ServiceCollection().AddSerializer().BuildServiceProvider();

    protected Serializer Serializer => Services.GetRequiredService<Serializer>();

    protected IActivatorProvider Activators => Services.GetRequiredService<IActivatorProvider>();

    /// <summary>The storage under test.</summary>
    protected abstract IGrainStorage Storage { get; }

    /// <summary>The largest serialized state the storage accepts for this state of this grain.</summary>
    protected abstract int StateLimit(string stateName, GrainId grain);

    /// <summary>Whether the server holds a state for this grain (looked at directly, not through the storage).</summary>
    protected abstract Task<bool> IsStoredAsync(string stateName, GrainId grain);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync() => await Services.DisposeAsync();

    [Fact]
    public async Task Reading_a_missing_state_gives_a_new_state_without_etag()
    {
        var state = new GrainState<List<string>>();

        await Storage.ReadStateAsync(StateName, NewGrainId(), state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Empty(state.State!);
    }

    [Fact]
    public async Task Write_then_read_round_trips_with_the_etag_of_the_write()
    {
        var grain = NewGrainId();
        var state = new GrainState<List<string>>(["seven", "7"]);

        await Storage.WriteStateAsync(StateName, grain, state);

        Assert.NotNull(state.ETag);
        Assert.True(state.RecordExists);
        Assert.True(await IsStoredAsync(StateName, grain));
        var read = new GrainState<List<string>>();
        await Storage.ReadStateAsync(StateName, grain, read);
        Assert.Equal(["seven", "7"], read.State);
        Assert.Equal(state.ETag, read.ETag);
        Assert.True(read.RecordExists);

        read.State!.Add("eight");
        await Storage.WriteStateAsync(StateName, grain, read);
        Assert.NotEqual(state.ETag, read.ETag);
    }

    [Fact]
    public async Task Stale_or_missing_etags_throw_InconsistentStateException_and_write_nothing()
    {
        var grain = NewGrainId();
        var first = new GrainState<List<string>>(["first"]);
        await Storage.WriteStateAsync(StateName, grain, first);
        var stale = new GrainState<List<string>>(["stale"]) { ETag = first.ETag };
        await Storage.WriteStateAsync(StateName, grain, first);

        var staleWrite = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grain, stale));
        Assert.Equal(first.ETag, staleWrite.StoredEtag);
        Assert.Equal(stale.ETag, staleWrite.CurrentEtag);
        var create = new GrainState<List<string>>(["create"]);
        var createWrite = await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grain, create));
        Assert.Equal(first.ETag, createWrite.StoredEtag);
        var foreign = new GrainState<List<string>>(["foreign"]) { ETag = "not-a-revision" };
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grain, foreign));

        var read = new GrainState<List<string>>();
        await Storage.ReadStateAsync(StateName, grain, read);
        Assert.Equal(["first"], read.State);
        Assert.Equal(first.ETag, read.ETag);
    }

    [Fact]
    public async Task Concurrent_writers_with_one_etag_have_exactly_one_winner()
    {
        var grain = NewGrainId();
        var initial = new GrainState<List<string>>(["0"]);
        await Storage.WriteStateAsync(StateName, grain, initial);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            var state = new GrainState<List<string>>([i.ToString()]) { ETag = initial.ETag };
            try
            {
                await Storage.WriteStateAsync(StateName, grain, state);
                return (Won: true, Value: i.ToString());
            }
            catch (InconsistentStateException)
            {
                return (Won: false, Value: i.ToString());
            }
        }));

        var winner = Assert.Single(outcomes, o => o.Won);
        var read = new GrainState<List<string>>();
        await Storage.ReadStateAsync(StateName, grain, read);
        Assert.Equal([winner.Value], read.State);
    }

    [Fact]
    public async Task Concurrent_creators_have_exactly_one_winner()
    {
        var grain = NewGrainId();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            try
            {
                await Storage.WriteStateAsync(StateName, grain, new GrainState<List<string>>([i.ToString()]));
                return (Won: true, Value: i.ToString());
            }
            catch (InconsistentStateException)
            {
                return (Won: false, Value: i.ToString());
            }
        }));

        var winner = Assert.Single(outcomes, o => o.Won);
        var read = new GrainState<List<string>>();
        await Storage.ReadStateAsync(StateName, grain, read);
        Assert.Equal([winner.Value], read.State);
    }

    [Fact]
    public async Task An_etag_kept_across_a_clear_and_a_recreation_is_stale()
    {
        var grain = NewGrainId();
        var mine = new GrainState<List<string>>(["mine"]);
        await Storage.WriteStateAsync(StateName, grain, mine);
        var other = new GrainState<List<string>>() { ETag = mine.ETag };
        await Storage.ClearStateAsync(StateName, grain, other);
        await Storage.WriteStateAsync(StateName, grain, other);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grain, mine));
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, grain, mine));
        Assert.NotEqual(mine.ETag, other.ETag);
    }

    [Fact]
    public async Task Clear_removes_the_state_only_with_the_current_etag()
    {
        var grain = NewGrainId();
        var state = new GrainState<List<string>>(["x"]);
        await Storage.WriteStateAsync(StateName, grain, state);
        var none = new GrainState<List<string>>();
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, grain, none));
        Assert.True(await IsStoredAsync(StateName, grain));

        await Storage.ClearStateAsync(StateName, grain, state);

        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        Assert.Empty(state.State!);
        Assert.False(await IsStoredAsync(StateName, grain));
        var read = new GrainState<List<string>>(["left over"]);
        await Storage.ReadStateAsync(StateName, grain, read);
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        await Storage.ClearStateAsync(StateName, grain, state); // nothing stored, null ETag: agrees
        state.State!.Add("again");
        await Storage.WriteStateAsync(StateName, grain, state); // and it can be created again
        await Storage.ReadStateAsync(StateName, grain, read);
        Assert.Equal(["again"], read.State);
    }

    [Fact]
    public async Task Oversized_state_is_refused_with_the_limit_and_nothing_is_written()
    {
        var grain = NewGrainId();
        var limit = StateLimit(StateName, grain);
        var largest = await LargestAcceptedAsync(grain, limit);
        Assert.Equal(limit, largest.Size);
        var before = largest.State.ETag;

        var state = new GrainState<List<string>>([new string('x', largest.Text + 1)]) { ETag = before };
        var error = await Assert.ThrowsAsync<GrainStateTooLargeException>(() => Storage.WriteStateAsync(StateName, grain, state));

        Assert.IsAssignableFrom<ArgumentException>(error);
        Assert.Equal("grainState", error.ParamName);
        Assert.Equal(limit, error.Limit);
        Assert.Equal(limit + 1, error.Size);
        Assert.Contains(limit.ToString(), error.Message);
        Assert.Equal(before, state.ETag);
        var read = new GrainState<List<string>>();
        await Storage.ReadStateAsync(StateName, grain, read);
        Assert.Equal(before, read.ETag);
        Assert.Equal(largest.Text, read.State!.Single().Length);
    }

    [Fact]
    public async Task Any_state_name_and_grain_key_map_to_one_distinct_state()
    {
        foreach (var key in OddKeys)
        {
            await Storage.WriteStateAsync(OddStateName, GrainId.Create("test-grain", key), new GrainState<List<string>>([key]));
        }

        foreach (var key in OddKeys)
        {
            var read = new GrainState<List<string>>();
            await Storage.ReadStateAsync(OddStateName, GrainId.Create("test-grain", key), read);
            Assert.Equal([key], read.State);
        }
    }

    /// <summary>The state name of <see cref="Any_state_name_and_grain_key_map_to_one_distinct_state"/>.</summary>
    protected const string OddStateName = "st/ate";

    /// <summary>The grain keys of <see cref="Any_state_name_and_grain_key_map_to_one_distinct_state"/>.</summary>
    protected static readonly string[] OddKeys = ["a/b", "a%2Fb", "..", "ключ~1", "with space", "a", "it's", "a\\b", "%", "_"];

    protected static GrainId NewGrainId() => GrainId.Create("test-grain", Guid.NewGuid().ToString("N"));

    /// <summary>Writes the largest state the limit allows (serialized size exactly <paramref name="limit"/>): the server takes it.</summary>
    private async Task<(GrainState<List<string>> State, int Text, int Size)> LargestAcceptedAsync(GrainId grain, int limit)
    {
        var text = limit - 16;
        while (Serializer.SerializeToArray(new List<string> { new('x', text) }).Length < limit)
        {
            text++;
        }

        var state = new GrainState<List<string>>([new string('x', text)]);
        var size = Serializer.SerializeToArray(state.State).Length;
        await Storage.WriteStateAsync(StateName, grain, state);
        return (state, text, size);
    }
}
