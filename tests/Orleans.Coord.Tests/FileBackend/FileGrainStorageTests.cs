using Orleans.Coord.File;
using Orleans.Coord.File.Internal;
using Orleans.Coord.File.Storage;
using Orleans.Runtime;
using Orleans.Storage;

namespace Orleans.Coord.Tests.FileBackend;

/// <summary>The grain storage contract of the file backend, on a real directory: ETags, creation, clearing, file names, restarts.</summary>
public sealed class FileGrainStorageTests : IDisposable
{
    private const string StateName = "state";
    private readonly FileBackendTestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Reading_a_missing_state_gives_a_new_state_without_etag()
    {
        var state = new GrainState<Dictionary<string, string>>();

        await _directory.Storage().ReadStateAsync(StateName, NewGrain(), state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Empty(state.State!);
    }

    [Fact]
    public async Task Write_then_read_round_trips_and_every_write_advances_the_etag()
    {
        var storage = _directory.Storage();
        var grain = NewGrain();
        var state = new GrainState<Dictionary<string, string>>(new() { ["a"] = "1" });

        await storage.WriteStateAsync(StateName, grain, state);
        var first = state.ETag;
        state.State!["b"] = "2";
        await storage.WriteStateAsync(StateName, grain, state);

        Assert.NotNull(first);
        Assert.Equal(long.Parse(first!) + 1, long.Parse(state.ETag!));
        var read = new GrainState<Dictionary<string, string>>();
        await storage.ReadStateAsync(StateName, grain, read);
        Assert.True(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, read.State);
    }

    [Fact]
    public async Task Creating_a_state_that_exists_throws_InconsistentStateException_and_writes_nothing()
    {
        var storage = _directory.Storage();
        var grain = NewGrain();
        var first = new GrainState<Dictionary<string, string>>(new() { ["who"] = "first" });
        await storage.WriteStateAsync(StateName, grain, first);

        var second = new GrainState<Dictionary<string, string>>(new() { ["who"] = "second" });
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, second));

        Assert.Equal(first.ETag, conflict.StoredEtag);
        Assert.Equal("first", (await ReadAsync(storage, grain)).State!["who"]);
    }

    [Theory]
    [InlineData("stale")]
    [InlineData("not-a-version")]
    [InlineData("missing")]
    public async Task A_write_or_clear_with_a_wrong_etag_throws_InconsistentStateException_and_changes_nothing(string kind)
    {
        var storage = _directory.Storage();
        var grain = NewGrain();
        var current = new GrainState<Dictionary<string, string>>(new() { ["v"] = "1" });
        await storage.WriteStateAsync(StateName, grain, current);
        var stale = current.ETag;
        current.State!["v"] = "2";
        await storage.WriteStateAsync(StateName, grain, current);
        var target = kind == "missing" ? NewGrain() : grain;
        var etag = kind switch { "stale" => stale, "not-a-version" => "abc", _ => current.ETag };

        var write = new GrainState<Dictionary<string, string>>(new() { ["v"] = "3" }) { ETag = etag };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, target, write));
        var clear = new GrainState<Dictionary<string, string>> { ETag = etag };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StateName, target, clear));

        var read = await ReadAsync(storage, target);
        Assert.Equal(kind == "missing" ? null : current.ETag, read.ETag);
        Assert.Equal(kind == "missing" ? null : "2", read.State!.GetValueOrDefault("v"));
    }

    [Fact]
    public async Task Clear_deletes_the_state_with_the_current_etag_and_a_new_state_never_reuses_an_etag()
    {
        var storage = _directory.Storage();
        var grain = NewGrain();
        var state = new GrainState<Dictionary<string, string>>(new() { ["v"] = "1" });
        await storage.WriteStateAsync(StateName, grain, state);
        var before = state.ETag;

        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            storage.ClearStateAsync(StateName, grain, new GrainState<Dictionary<string, string>>()));
        await storage.ClearStateAsync(StateName, grain, state);

        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        Assert.False((await ReadAsync(storage, grain)).RecordExists);
        Assert.Empty(Directory.GetFiles(StateFolder()));
        await storage.ClearStateAsync(StateName, grain, state);
        await storage.WriteStateAsync(StateName, grain, state);
        Assert.True(long.Parse(state.ETag!) > long.Parse(before!));
    }

    [Fact]
    public async Task Any_grain_key_gets_a_file_of_its_own_that_every_file_system_accepts()
    {
        var storage = _directory.Storage();
        string[] keys = ["plain", "Plain", "PLAIN", "a/b\\c", "..", ".", "~", "%41", "#x.tmp", "white space", "Ünïcødé ☃", "nul\0char",
            new string('k', 1000), new string('k', 999) + "K", new string('é', 300)];

        foreach (var key in keys)
        {
            await storage.WriteStateAsync(StateName, Grain(key), new GrainState<Dictionary<string, string>>(new() { ["key"] = key }));
        }

        foreach (var key in keys)
        {
            Assert.Equal(key, (await ReadAsync(storage, Grain(key))).State!["key"]);
        }

        var names = Directory.GetFiles(StateFolder()).Select(Path.GetFileName).ToList();
        Assert.Equal(keys.Length, names.Count);
        Assert.Equal(keys.Length, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(names, name => Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(name!), 1, FileNames.MaxLength + 1));
        Assert.DoesNotContain(names, name => name!.Contains(DurableFile.TemporaryMarker));
    }

    [Fact]
    public async Task A_new_provider_on_the_reopened_directory_reads_what_the_last_one_wrote_and_checks_its_etags()
    {
        var grain = NewGrain();
        var state = new GrainState<Dictionary<string, string>>(new() { ["v"] = "before restart" });
        await _directory.Storage().WriteStateAsync(StateName, grain, state);

        _directory.Reopen();
        var storage = _directory.Storage();
        var read = await ReadAsync(storage, grain);

        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal("before restart", read.State!["v"]);
        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            storage.WriteStateAsync(StateName, grain, new GrainState<Dictionary<string, string>>(new()) { ETag = "1" }));
        read.State["v"] = "after restart";
        await storage.WriteStateAsync(StateName, grain, read);
        Assert.Equal("after restart", (await ReadAsync(storage, grain)).State!["v"]);
    }

    [Fact]
    public async Task Providers_with_different_names_keep_their_states_apart()
    {
        var grain = NewGrain();
        await _directory.Storage("one").WriteStateAsync(StateName, grain, new GrainState<Dictionary<string, string>>(new() { ["p"] = "one" }));

        Assert.False((await ReadAsync(_directory.Storage("two"), grain)).RecordExists);
        Assert.Equal("one", (await ReadAsync(_directory.Storage("one"), grain)).State!["p"]);
    }

    [Fact]
    public void Temporary_files_left_by_an_interrupted_write_are_deleted_when_the_directory_is_opened_again()
    {
        var folder = StateFolder();
        var leftover = Path.Combine(folder, $"{DurableFile.TemporaryMarker}{Guid.NewGuid():N}.tmp");
        System.IO.File.WriteAllBytes(leftover, [1, 2, 3]);

        _directory.Reopen();
        _ = _directory.Directory.Subdirectory("state", "coord");

        Assert.False(System.IO.File.Exists(leftover));
    }

    [Fact]
    public void A_second_holder_of_the_directory_is_refused_until_the_first_lets_go()
    {
        var second = new BackendDirectory(_directory.Path, Microsoft.Extensions.Logging.Abstractions.NullLogger<BackendDirectory>.Instance);

        var refused = Assert.Throws<FileBackendException>(second.Open);
        Assert.Contains("another silo holds it", refused.Message);
        Assert.Contains(_directory.Path, refused.Message);

        _directory.Directory.Dispose();
        second.Open();
        second.Dispose();
    }

    private string StateFolder() => _directory.Directory.Subdirectory("state", "coord");

    private static async Task<GrainState<Dictionary<string, string>>> ReadAsync(IGrainStorage storage, GrainId grain)
    {
        var state = new GrainState<Dictionary<string, string>>();
        await storage.ReadStateAsync(StateName, grain, state);
        return state;
    }

    private static GrainId NewGrain() => Grain(Guid.NewGuid().ToString("N"));

    private static GrainId Grain(string key) => GrainId.Create("test", key);
}
