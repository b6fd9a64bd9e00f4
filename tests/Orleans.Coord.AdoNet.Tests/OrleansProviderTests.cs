using Microsoft.Extensions.DependencyInjection;
using Orleans.Coord.AdoNet.Tests.Grains;
using Orleans.Coord.TestServers;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;
using Xunit;

namespace Orleans.Coord.AdoNet.Tests;

/// <summary>
/// The Orleans ADO.NET clustering, grain storage and reminder providers running on this project's schema, in a
/// two-silo test cluster against a real server of each dialect (see the concrete subclasses).
/// </summary>
public abstract class OrleansProviderTests<TFixture>(TFixture fixture)
    where TFixture : BackendFixture
{
    private const string StorageGrainType = "Orleans.Coord.AdoNet.Tests.StorageProbe";
    private static readonly GrainType ProbeType = Orleans.Runtime.GrainType.Create("probe");
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private TestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Both_silos_join_through_the_membership_table()
    {
        var management = Cluster.Client.GetGrain<IManagementGrain>(0);

        var running = Cluster.Silos.Count(s => s.IsActive);

        await Poll.UntilAsync(async _ => (await management.GetHosts(onlyActive: true)).Count == running, Patience, "every running silo is active", retryOnError: true);

        var activeRows = await fixture.ColumnAsync(fixture.ConnectionString, "SELECT Address FROM OrleansCoordMembership WHERE Status = 3");
        Assert.Equal(running, activeRows.Count);
    }

    [Fact]
    public async Task Grain_state_is_written_and_read_back_by_a_new_activation()
    {
        var grain = Cluster.Client.GetGrain<ICounterGrain>($"counter-{Guid.NewGuid():N}");

        for (var i = 0; i < 3; i++)
        {
            await grain.Increment();
        }

        await grain.Deactivate();
        await Poll.UntilAsync(async _ => await grain.Get() == 3, Patience, "a new activation reads the stored value 3", retryOnError: true);
        Assert.Equal(4, await grain.Increment());
    }

    [Fact]
    public async Task Writers_holding_a_stale_ETag_get_InconsistentStateException()
    {
        var storage = Storage();
        var grainId = GrainId.Create("probe", Guid.NewGuid().ToString("N"));
        var first = new GrainState<CounterState>(new CounterState());
        var second = new GrainState<CounterState>(new CounterState());
        await storage.ReadStateAsync(StorageGrainType, grainId, first);
        await storage.ReadStateAsync(StorageGrainType, grainId, second);
        Assert.False(first.RecordExists);
        Assert.Null(first.ETag);

        // Both believe the record does not exist: the first insert wins, the second is refused.
        first.State!.Value = 1;
        await storage.WriteStateAsync(StorageGrainType, grainId, first);
        second.State!.Value = 2;
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StorageGrainType, grainId, second));

        // Both hold the same version: the first update wins, the second is refused and the stored value is the first's.
        await storage.ReadStateAsync(StorageGrainType, grainId, second);
        Assert.Equal(first.ETag, second.ETag);
        first.State!.Value = 3;
        await storage.WriteStateAsync(StorageGrainType, grainId, first);
        second.State!.Value = 4;
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StorageGrainType, grainId, second));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StorageGrainType, grainId, second));

        var reader = new GrainState<CounterState>(new CounterState());
        await storage.ReadStateAsync(StorageGrainType, grainId, reader);
        Assert.Equal(3, reader.State!.Value);
        Assert.Equal(first.ETag, reader.ETag);
        Assert.NotEqual(second.ETag, reader.ETag);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Of_many_concurrent_writers_with_the_same_ETag_exactly_one_succeeds(bool recordExists)
    {
        var storage = Storage();
        var grainId = GrainId.Create("probe", Guid.NewGuid().ToString("N"));
        if (recordExists)
        {
            await storage.WriteStateAsync(StorageGrainType, grainId, new GrainState<CounterState>(new CounterState { Value = -1 }));
        }

        var writers = new List<GrainState<CounterState>>();
        for (var i = 0; i < 8; i++)
        {
            var state = new GrainState<CounterState>(new CounterState());
            await storage.ReadStateAsync(StorageGrainType, grainId, state);
            state.State!.Value = i;
            writers.Add(state);
        }

        var outcomes = await Task.WhenAll(writers.Select(w => Task.Run(async () =>
        {
            try
            {
                await storage.WriteStateAsync(StorageGrainType, grainId, w);
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        })));

        Assert.Single(outcomes, won => won);
        var winner = writers[Array.IndexOf(outcomes, true)];
        var stored = new GrainState<CounterState>(new CounterState());
        await storage.ReadStateAsync(StorageGrainType, grainId, stored);
        Assert.Equal(winner.State!.Value, stored.State!.Value);
        Assert.Equal(winner.ETag, stored.ETag);
    }

    [Fact]
    public async Task Clear_keeps_a_version_and_a_later_write_continues_from_it()
    {
        var storage = Storage();
        var grainId = GrainId.Create("probe", Guid.NewGuid().ToString("N"));
        var state = new GrainState<CounterState>(new CounterState { Value = 7, Label = "seven" });
        await storage.WriteStateAsync(StorageGrainType, grainId, state);
        var writtenETag = state.ETag;

        await storage.ClearStateAsync(StorageGrainType, grainId, state);

        Assert.False(state.RecordExists);
        Assert.NotNull(state.ETag);
        Assert.NotEqual(writtenETag, state.ETag);
        var read = new GrainState<CounterState>(new CounterState());
        await storage.ReadStateAsync(StorageGrainType, grainId, read);
        Assert.False(read.RecordExists);
        Assert.Equal(0, read.State!.Value);
        Assert.Equal(state.ETag, read.ETag);

        read.State!.Value = 8;
        await storage.WriteStateAsync(StorageGrainType, grainId, read);
        var again = new GrainState<CounterState>(new CounterState());
        await storage.ReadStateAsync(StorageGrainType, grainId, again);
        Assert.True(again.RecordExists);
        Assert.Equal(8, again.State!.Value);
    }

    [Fact]
    public async Task Grains_of_every_key_kind_and_type_are_stored_apart()
    {
        var storage = Storage();
        var guid = Guid.NewGuid();
        var ids = new (string Type, GrainId Id)[]
        {
            (StorageGrainType, GrainId.Create(ProbeType, GrainIdKeyExtensions.CreateGuidKey(guid))),
            (StorageGrainType, GrainId.Create(ProbeType, GrainIdKeyExtensions.CreateGuidKey(guid, "ext"))),
            (StorageGrainType, GrainId.Create(ProbeType, GrainIdKeyExtensions.CreateGuidKey(guid, "EXT"))),
            (StorageGrainType, GrainId.Create(ProbeType, GrainIdKeyExtensions.CreateIntegerKey(42))),
            (StorageGrainType, GrainId.Create(ProbeType, GrainIdKeyExtensions.CreateIntegerKey(42, "ext"))),
            (StorageGrainType, GrainId.Create("probe", $"string-{guid:N}")),
            (StorageGrainType, GrainId.Create("probe", $"String-{guid:N}")),
            (StorageGrainType, GrainId.Create("probe", $"ünïcødé-{guid:N}")),
            (StorageGrainType + "Other", GrainId.Create(ProbeType, GrainIdKeyExtensions.CreateGuidKey(guid))),
        };

        for (var i = 0; i < ids.Length; i++)
        {
            await storage.WriteStateAsync(ids[i].Type, ids[i].Id, new GrainState<CounterState>(new CounterState { Value = 1000 + i, Label = ids[i].Id.ToString() }));
        }

        for (var i = 0; i < ids.Length; i++)
        {
            var read = new GrainState<CounterState>(new CounterState());
            await storage.ReadStateAsync(ids[i].Type, ids[i].Id, read);
            Assert.True(read.RecordExists, ids[i].Id.ToString());
            Assert.Equal(1000 + i, read.State!.Value);
            Assert.Equal(ids[i].Id.ToString(), read.State!.Label);
        }
    }

    [Fact]
    public async Task State_survives_stopping_the_silo_that_hosted_the_grain()
    {
        var grain = Cluster.Client.GetGrain<ICounterGrain>($"survivor-{Guid.NewGuid():N}");
        await grain.Increment();
        await grain.Increment();
        var host = await grain.GetSilo();
        var hostHandle = Cluster.Silos.Single(s => s.SiloAddress.Equals(host));

        await Cluster.StopSiloAsync(hostHandle);
        try
        {
            // The grain re-activates on the remaining silo and reads its state from the database.
            await Poll.UntilAsync(async _ => await grain.Get() == 2, Patience, "the grain answers from another silo with the stored value", retryOnError: true);
            Assert.NotEqual(host, await grain.GetSilo());
            Assert.Equal(3, await grain.Increment());

            // The stopped silo is recorded as Dead (6); cleaning up defunct entries removes it.
            var survivor = (InProcessSiloHandle)Cluster.Silos.First(s => s.IsActive && !s.SiloAddress.Equals(host));
            var membership = survivor.SiloHost.Services.GetRequiredService<IMembershipTable>();
            await Poll.UntilAsync(
                async _ => (await membership.ReadAllAsync(CancellationToken.None)).Members.Any(m => m.Item1.SiloAddress.Equals(host) && m.Item1.Status == SiloStatus.Dead),
                Patience,
                "the stopped silo is marked dead",
                retryOnError: true);
            await membership.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddMinutes(1), CancellationToken.None);
            Assert.DoesNotContain((await membership.ReadAllAsync(CancellationToken.None)).Members, m => m.Item1.SiloAddress.Equals(host));
            Assert.Contains((await membership.ReadAllAsync(CancellationToken.None)).Members, m => m.Item1.SiloAddress.Equals(survivor.SiloAddress) && m.Item1.Status == SiloStatus.Active);
        }
        finally
        {
            // Give the next tests their two silos back.
            await Cluster.StartAdditionalSiloAsync();
        }
    }

    [Fact]
    public async Task Reminder_is_stored_fires_repeatedly_and_is_removed()
    {
        var key = Guid.NewGuid();
        const string name = "tick";
        var grain = Cluster.Client.GetGrain<IReminderProbeGrain>(key);

        await grain.Register(name, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        Assert.True(await grain.IsRegistered(name));
        Assert.Equal(1, Convert.ToInt32(await fixture.ScalarAsync(fixture.ConnectionString, $"SELECT COUNT(*) FROM OrleansCoordReminders WHERE ReminderName = '{name}' AND GrainId LIKE '%{key:N}%'")));
        await Poll.UntilAsync(() => ReminderTicks.Count(key, name) >= 2, Patience, "the reminder fired twice");

        await grain.Unregister(name);

        Assert.False(await grain.IsRegistered(name));
        Assert.Equal(0, Convert.ToInt32(await fixture.ScalarAsync(fixture.ConnectionString, $"SELECT COUNT(*) FROM OrleansCoordReminders WHERE ReminderName = '{name}' AND GrainId LIKE '%{key:N}%'")));
    }

    private IGrainStorage Storage()
    {
        var silo = (InProcessSiloHandle)Cluster.Silos.First(s => s.IsActive);
        return silo.SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(ClusterSetup.StorageName);
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlOrleansProviderTests(PostgresFixture fixture) : OrleansProviderTests<PostgresFixture>(fixture);

[Collection(MariaDbCollection.Name)]
public sealed class MariaDbOrleansProviderTests(MariaDbFixture fixture) : OrleansProviderTests<MariaDbFixture>(fixture);
