using Orleans.Coord.Client;
using Orleans.Coord.Client.Partitioning;
using Orleans.Coord.Elections;
using Orleans.Coord.Grains;
using Orleans.Coord.Server;
using Orleans.Coord.Sessions;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.Coord.Validation;

namespace Orleans.Coord.Tests.BadInput;

/// <summary>
/// Bad input, for every call of the API and of the grains: the caller gets an <see cref="ArgumentException"/> (or a
/// subclass) that names the argument and its limit, checked by the client before any call and again by the grain, and
/// nothing changes. Each case is one row: the call, the argument it should blame, and the text of the limit.
/// </summary>
[Collection(SharedClusterCollection.Name)]
public sealed class BadInputTests(SharedClusterFixture fixture)
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);
    private static readonly string NameLimit = CoordLimits.MaxNameLength.ToString();
    private static readonly string PayloadLimit = CoordLimits.MaxPayloadBytes.ToString();

    /// <summary>
    /// Names that break the rules: missing, empty, too long, with control characters, with a lone surrogate (high and
    /// low) and with U+FFFD, which is what UTF-8 makes of a lone surrogate.
    /// </summary>
    private static readonly string?[] BadNames = [null, "", new string('x', CoordLimits.MaxNameLength + 1), "tab\there", "nul\0", "a\uD800b", "a\uDC00", "replaced\uFFFD"];

    /// <summary>Every call that takes a name, with the argument it must blame.</summary>
    private static readonly Dictionary<string, (string Argument, Func<ICoordinator, string, Task> Call)> NameCalls = new()
    {
        ["Groups.Create"] = ("group", (s, n) => s.Groups.CreateAsync(n)),
        ["Groups.JoinOrCreate"] = ("group", (s, n) => s.Groups.JoinOrCreateAsync(n)),
        ["Groups.GetMembers"] = ("group", (s, n) => s.Groups.GetMembersAsync(n)),
        ["Groups.Leave"] = ("group", (s, n) => s.Groups.LeaveAsync(n)),
        ["Groups.Watch"] = ("group", (s, n) => Task.FromResult(s.Groups.WatchAsync(n))),
        ["Locks.TryAcquire"] = ("name", (s, n) => s.Locks.TryAcquireAsync(n)),
        ["Locks.TryAcquire with timeout"] = ("name", (s, n) => s.Locks.TryAcquireAsync(n, TimeSpan.FromSeconds(1))),
        ["Locks.Acquire"] = ("name", (s, n) => s.Locks.AcquireAsync(n, TimeSpan.FromSeconds(1))),
        ["Locks.IsStillOwner"] = ("name", (s, n) => s.Locks.IsStillOwnerAsync(n, 1)),
        ["Locks.Break"] = ("name", (s, n) => s.Locks.BreakAsync(n)),
        ["Locks.GetHolder"] = ("name", (s, n) => s.Locks.GetHolderAsync(n)),
        ["Semaphores.Acquire"] = ("name", (s, n) => s.Locks.Semaphores.AcquireAsync(n, 2, TimeSpan.FromSeconds(1))),
        ["ReaderWriter.AcquireRead"] = ("name", (s, n) => s.Locks.ReaderWriter.AcquireReadAsync(n, TimeSpan.FromSeconds(1))),
        ["Elections.Campaign"] = ("election", (s, n) => s.Elections.CampaignAsync(n, "v"u8.ToArray())),
        ["Elections.Campaign with options"] = ("election", (s, n) => s.Elections.CampaignAsync(n, "v"u8.ToArray(), new CampaignOptions())),
        ["Elections.TryCampaign"] = ("election", (s, n) => s.Elections.TryCampaignAsync(n, "v"u8.ToArray())),
        ["Elections.GetLeader"] = ("election", (s, n) => s.Elections.GetLeaderAsync(n)),
        ["Elections.OpenObservation"] = ("election", (s, n) => s.Elections.OpenObservationAsync(n)),
        ["Elections.Observe"] = ("election", (s, n) => Task.FromResult(s.Elections.ObserveAsync(n))),
        ["Elections.Campaign in a group"] = (nameof(CampaignOptions.Group), (s, n) => s.Elections.CampaignAsync($"e-{Guid.NewGuid():N}", "v"u8.ToArray(), new CampaignOptions { Group = n })),
        ["Partitioning.Join"] = ("group", (s, n) => s.JoinPartitionedAsync(n)),
    };

    public static TheoryData<string, int> NameCases()
    {
        var cases = new TheoryData<string, int>();
        foreach (var call in NameCalls.Keys)
        {
            for (var name = 0; name < BadNames.Length; name++)
            {
                // A group-tied campaign without a group (null) is a campaign not tied to a group, not bad input.
                if (!(call == "Elections.Campaign in a group" && BadNames[name] is null))
                {
                    cases.Add(call, name);
                }
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(NameCases))]
    public async Task A_bad_name_is_refused_before_any_call_naming_the_argument_and_its_limit(string call, int badName)
    {
        await using var s = await Coordinator.StartAsync(fixture.ClientsBySilo[badName % 3], "v", new CoordinatorOptions());
        var (argument, invoke) = NameCalls[call];

        var e = await Assert.ThrowsAnyAsync<ArgumentException>(() => invoke(s, BadNames[badName]!));

        Assert.Equal(argument, e.ParamName);
        Assert.Contains(NameLimit, e.Message);
    }

    [Theory]
    [MemberData(nameof(BadMemberIds))]
    public async Task A_bad_member_id_is_refused_before_a_session_starts(string? memberId)
    {
        var e = await Assert.ThrowsAnyAsync<ArgumentException>(() => Coordinator.StartAsync(fixture.ClientsBySilo[0], memberId!));
        Assert.Equal("memberId", e.ParamName);
    }

    public static TheoryData<string?> BadMemberIds() => new(BadNames);

    [Theory]
    [InlineData("Groups.JoinOrCreate")]
    [InlineData("Groups.UpdateCapabilities")]
    [InlineData("Elections.Campaign")]
    [InlineData("Elections.TryCampaign")]
    [InlineData("Leadership.Proclaim")]
    public async Task A_payload_over_64_KiB_is_refused_by_the_client_and_changes_nothing(string call)
    {
        var name = $"payload-{Guid.NewGuid():N}";
        await using var s = await Coordinator.StartAsync(fixture.ClientsBySilo[1], "v", new CoordinatorOptions());
        await s.Groups.JoinOrCreateAsync(name, "ok"u8.ToArray());
        await using var leads = call == "Leadership.Proclaim" ? await s.Elections.CampaignAsync(name, "ok"u8.ToArray()) : null;
        var tooBig = new byte[CoordLimits.MaxPayloadBytes + 1];

        var e = await Assert.ThrowsAnyAsync<ArgumentException>(() => call switch
        {
            "Groups.JoinOrCreate" => s.Groups.JoinOrCreateAsync($"{name}-other", tooBig),
            "Groups.UpdateCapabilities" => s.Groups.UpdateCapabilitiesAsync(name, tooBig),
            "Elections.Campaign" => s.Elections.CampaignAsync(name, tooBig),
            "Elections.TryCampaign" => s.Elections.TryCampaignAsync(name, tooBig),
            _ => leads!.ProclaimAsync(tooBig),
        });

        Assert.Equal(call.StartsWith("Groups", StringComparison.Ordinal) ? "capabilities" : "value", e.ParamName);
        Assert.Contains(PayloadLimit, e.Message);
        Assert.Equal("ok"u8.ToArray(), Assert.Single(await s.Groups.GetMembersAsync(name)).Capabilities);
        Assert.DoesNotContain($"{name}-other", await s.Groups.ListAsync());
        Assert.Equal(leads is null ? null : "ok", (await s.Elections.GetLeaderAsync(name))?.Value is { } v ? System.Text.Encoding.UTF8.GetString(v) : null);
    }

    [Fact]
    public async Task A_payload_of_exactly_64_KiB_is_accepted()
    {
        await using var s = await Coordinator.StartAsync(fixture.ClientsBySilo[1], "v", new CoordinatorOptions());
        var name = $"payload-{Guid.NewGuid():N}";
        await s.Groups.JoinOrCreateAsync(name, new byte[CoordLimits.MaxPayloadBytes]);
        await using var leads = await s.Elections.CampaignAsync(name, new byte[CoordLimits.MaxPayloadBytes]);
        Assert.Equal(CoordLimits.MaxPayloadBytes, Assert.Single(await s.Groups.GetMembersAsync(name)).Capabilities.Length);
        Assert.Equal(CoordLimits.MaxPayloadBytes, (await s.Elections.GetLeaderAsync(name))!.Value.Length);
    }

    public static TheoryData<string, TimeSpan> TimeoutCases()
    {
        var cases = new TheoryData<string, TimeSpan>();
        foreach (var call in new[] { "Locks.Acquire", "Locks.TryAcquire", "Semaphores.Acquire", "ReaderWriter.TryAcquireWrite" })
        {
            foreach (var timeout in new[] { TimeSpan.FromMilliseconds(-2), TimeSpan.MinValue, CoordLimits.MaxWait + TimeSpan.FromTicks(1) })
            {
                cases.Add(call, timeout);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(TimeoutCases))]
    public async Task A_bad_timeout_is_refused_naming_the_argument_and_changes_nothing(string call, TimeSpan timeout)
    {
        var name = $"timeout-{Guid.NewGuid():N}";
        await using var s = await Coordinator.StartAsync(fixture.ClientsBySilo[2], "v", new CoordinatorOptions());

        var e = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => call switch
        {
            "Locks.Acquire" => s.Locks.AcquireAsync(name, timeout),
            "Locks.TryAcquire" => s.Locks.TryAcquireAsync(name, timeout) as Task,
            "Semaphores.Acquire" => s.Locks.Semaphores.AcquireAsync(name, 2, timeout),
            _ => s.Locks.ReaderWriter.TryAcquireWriteAsync(name, timeout),
        });

        Assert.Equal("timeout", e.ParamName);
        Assert.Contains("InfiniteTimeSpan", e.Message);
        Assert.Null(await s.Locks.GetHolderAsync(name));
        Assert.Empty(await s.Locks.Semaphores.GetHoldersAsync(name));
        Assert.Empty(await s.Locks.ReaderWriter.GetHoldersAsync(name));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(CoordLimits.MaxSemaphoreCount + 1)]
    public async Task A_bad_max_count_is_refused_by_client_and_grain_naming_the_argument(int maxCount)
    {
        var name = $"sem-{Guid.NewGuid():N}";
        await using var s = await Coordinator.StartAsync(fixture.ClientsBySilo[2], "v", new CoordinatorOptions());
        var errors = new[]
        {
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => s.Locks.Semaphores.TryAcquireAsync(name, maxCount)),
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => s.Locks.Semaphores.AcquireAsync(name, maxCount, Long)),
        };
        Assert.All(errors, x => Assert.Equal("maxCount", x.ParamName));

        var grain = fixture.ClientsBySilo[2].GetGrain<ISemaphoreGrain>(name);
        var inGrain = await Assert.ThrowsAnyAsync<ArgumentException>(() => grain.TryAcquireAsync(s.SessionId, "v", Guid.NewGuid(), default, 1, maxCount, null));
        Assert.Contains("maxCount", inGrain.Message);
        Assert.Empty(await s.Locks.Semaphores.GetHoldersAsync(name));
    }

    [Theory]
    [InlineData(0, 32, "weight", "1000")]
    [InlineData(1001, 32, "weight", "1000")]
    [InlineData(1, 0, "partitions", "10000")]
    [InlineData(1, 10_001, "partitions", "10000")]
    public async Task A_bad_weight_or_partition_count_is_refused_before_any_call(int weight, int partitions, string argument, string limit)
    {
        await using var session = await Coordinator.StartAsync(fixture.ClientsBySilo[0], "refused", new CoordinatorOptions());
        var group = $"part-{Guid.NewGuid():N}";

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => session.JoinPartitionedAsync(group, weight, partitions));

        Assert.Equal(argument, error.ParamName);
        Assert.Contains(limit, error.Message);
        Assert.DoesNotContain(group, await session.Groups.ListAsync());
    }

    [Theory]
    [InlineData(999, null)]
    [InlineData(600_001, null)]
    [InlineData(5000, 5000)]
    [InlineData(5000, 0)]
    [InlineData(5000, -1)]
    public async Task Out_of_range_ttls_and_heartbeat_intervals_are_refused(int ttlMs, int? heartbeatMs)
    {
        var options = new CoordinatorOptions
        {
            SessionTtl = TimeSpan.FromMilliseconds(ttlMs),
            HeartbeatInterval = heartbeatMs is null ? null : TimeSpan.FromMilliseconds(heartbeatMs.Value),
        };
        var e = await Assert.ThrowsAnyAsync<ArgumentOutOfRangeException>(() => Coordinator.StartAsync(fixture.ClientsBySilo[0], "ttl", options));
        Assert.Equal(heartbeatMs is null ? "SessionTtl" : "HeartbeatInterval", e.ParamName);
    }

    [Fact]
    public void A_lock_delay_out_of_range_is_refused_with_its_limit()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new CoordLockOptions { LockDelay = TimeSpan.FromMinutes(11) }.EffectiveLockDelay);
        Assert.Equal("LockDelay", e.ParamName);
        Assert.Contains("10 min", e.Message);
    }

    [Fact]
    public async Task Null_clients_and_services_are_refused()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => Coordinator.StartAsync((IClusterClient)null!, "m"));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Coordinator.StartAsync(fixture.ClientsBySilo[0], null!, "m"));
    }

    /// <summary>Bad input sent to a grain directly, past the client's checks: the grain refuses it, naming the argument.</summary>
    public static TheoryData<string, string> GrainCases() => new()
    {
        { "group join with a bad member id", "memberId must" },
        { "group update with an oversized payload", "capabilities must be at most" },
        { "lock try with a bad member id", "memberId must" },
        { "reader-writer request of two permits", "permits must be" },
        { "election campaign with a bad member id", "memberId must" },
        { "election campaign with a bad group", "group must" },
        { "election campaign with an oversized value", "value must be at most" },
        { "session start with a TTL over 10 min", "ttl must be between 1 s and 10 min" },
    };

    [Theory]
    [MemberData(nameof(GrainCases))]
    public async Task A_grain_checks_its_input_again_and_changes_nothing(string call, string message)
    {
        var name = $"grain-{Guid.NewGuid():N}";
        var client = fixture.ClientsBySilo[1];
        await using var s = await Coordinator.StartAsync(fixture.ClientsBySilo[0], "v", new CoordinatorOptions());
        await s.Groups.JoinOrCreateAsync(name, "ok"u8.ToArray());
        var tooBig = new byte[CoordLimits.MaxPayloadBytes + 1];
        var session = client.GetGrain<ISessionGrain>(Guid.NewGuid());

        // Across the grain boundary the parameter name survives in the message only.
        var e = await Assert.ThrowsAnyAsync<ArgumentException>(() => call switch
        {
            "group join with a bad member id" => client.GetGrain<IGroupGrain>(name).JoinAsync(s.SessionId, Guid.NewGuid(), default, "tab\tid", [], true),
            "group update with an oversized payload" => client.GetGrain<IGroupGrain>(name).UpdateCapabilitiesAsync(s.SessionId, Guid.NewGuid(), default, "v", tooBig),
            "lock try with a bad member id" => client.GetGrain<ILockGrain>(name).TryAcquireAsync(s.SessionId, "tab\tid", Guid.NewGuid(), default, null),
            "reader-writer request of two permits" => client.GetGrain<IReaderWriterLockGrain>(name).TryAcquireAsync(s.SessionId, "v", Guid.NewGuid(), default, 2, ReaderWriterPermits.Capacity, null),
            "election campaign with a bad member id" => client.GetGrain<IElectionGrain>(name).TryCampaignAsync(s.SessionId, "tab\tid", Guid.NewGuid(), default, [], null, null),
            "election campaign with a bad group" => client.GetGrain<IElectionGrain>(name).TryCampaignAsync(s.SessionId, "v", Guid.NewGuid(), default, [], "", null),
            "election campaign with an oversized value" => client.GetGrain<IElectionGrain>(name).TryCampaignAsync(s.SessionId, "v", Guid.NewGuid(), default, tooBig, null, null),
            _ => session.StartAsync("m", TimeSpan.FromMinutes(11)),
        });

        Assert.StartsWith(message, e.Message);
        Assert.Equal("ok"u8.ToArray(), Assert.Single(await s.Groups.GetMembersAsync(name)).Capabilities);
        Assert.Null(await s.Locks.GetHolderAsync(name));
        Assert.Empty(await s.Locks.ReaderWriter.GetHoldersAsync(name));
        Assert.Equal((0L, 0L, 0), await ElectionStateAsync(client, name));
        Assert.Equal(SessionStatus.Unknown, await session.HeartbeatAsync());
    }

    [Fact]
    public async Task A_request_of_an_unknown_session_is_refused_and_leaves_nothing()
    {
        var name = $"ghost-{Guid.NewGuid():N}";
        var client = fixture.ClientsBySilo[0];
        await Assert.ThrowsAsync<SessionExpiredException>(() => client.GetGrain<ILockGrain>(name).TryAcquireAsync(Guid.NewGuid(), "ghost", Guid.NewGuid(), default, null));
        await Assert.ThrowsAsync<SessionExpiredException>(() => client.GetGrain<IElectionGrain>(name).TryCampaignAsync(Guid.NewGuid(), "ghost", Guid.NewGuid(), default, [], null, null));
        await using var s = await Coordinator.StartAsync(client, "v", new CoordinatorOptions());
        await Assert.ThrowsAsync<NotLeaderException>(() => client.GetGrain<IElectionGrain>(name).ProclaimAsync(s.SessionId, Guid.NewGuid(), default, "v", 1, []));

        Assert.Null(await s.Locks.GetHolderAsync(name));
        Assert.Equal(0, await client.GetGrain<ILockGrain>(name).GetQueueLengthAsync());
        Assert.Equal((0L, 0L, 0), await ElectionStateAsync(client, name));
    }

    private static async Task<(long Version, long LastTerm, int Candidates)> ElectionStateAsync(IClusterClient client, string name)
    {
        var snapshot = await client.GetGrain<IElectionGrain>(name).GetSnapshotAsync();
        Assert.Null(snapshot.Leader);
        return (snapshot.Version, snapshot.LastTerm, snapshot.Candidates);
    }
}
