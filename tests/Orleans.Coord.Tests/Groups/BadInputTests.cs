using Orleans.Coord.Grains;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.Coord.Validation;
using Orleans.Coord.Client;

namespace Orleans.Coord.Tests.Groups;

/// <summary>Bad input gets an ArgumentException naming the argument and the limit, on the client and in the grain, and changes nothing.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class BadInputTests(SharedClusterFixture fixture)
{
    public static TheoryData<string?> BadNames => new()
    {
        null,
        "",
        new string('x', CoordLimits.MaxNameLength + 1),
        "tab\there",
        "nul\0",
    };

    [Theory]
    [MemberData(nameof(BadNames))]
    public async Task Bad_group_names_are_refused_by_the_client(string? name)
    {
        await using var s = await Coordinator.StartAsync(fixture.ClientsBySilo[0], "v", new CoordinatorOptions());
        var errors = new List<ArgumentException>
        {
            await Assert.ThrowsAnyAsync<ArgumentException>(() => s.Groups.CreateAsync(name!)),
            await Assert.ThrowsAnyAsync<ArgumentException>(() => s.Groups.JoinOrCreateAsync(name!)),
            await Assert.ThrowsAnyAsync<ArgumentException>(() => s.Groups.GetMembersAsync(name!)),
            await Assert.ThrowsAnyAsync<ArgumentException>(() => s.Groups.LeaveAsync(name!)),
            Assert.ThrowsAny<ArgumentException>(() => s.Groups.WatchAsync(name!)),
        };
        Assert.All(errors, e =>
        {
            Assert.Equal("group", e.ParamName);
            Assert.Contains(CoordLimits.MaxNameLength.ToString(), e.Message);
        });
    }

    [Theory]
    [MemberData(nameof(BadNames))]
    public async Task Bad_member_ids_are_refused_before_a_session_starts(string? memberId)
    {
        var e = await Assert.ThrowsAnyAsync<ArgumentException>(() => Coordinator.StartAsync(fixture.ClientsBySilo[0], memberId!));
        Assert.Equal("memberId", e.ParamName);
    }

    [Fact]
    public async Task Oversized_capabilities_are_refused_by_client_and_grain_and_change_nothing()
    {
        var group = $"b-{Guid.NewGuid():N}";
        await using var s = await Coordinator.StartAsync(fixture.ClientsBySilo[1], "v", new CoordinatorOptions());
        await s.Groups.JoinOrCreateAsync(group, "ok"u8.ToArray());
        var tooBig = new byte[CoordLimits.MaxPayloadBytes + 1];

        var client = await Assert.ThrowsAnyAsync<ArgumentException>(() => s.Groups.UpdateCapabilitiesAsync(group, tooBig));
        Assert.Equal("capabilities", client.ParamName);
        Assert.Contains("65536", client.Message);

        // The grain checks again when called directly.
        var grain = fixture.ClientsBySilo[2].GetGrain<IGroupGrain>(group);
        var inGrain = await Assert.ThrowsAnyAsync<ArgumentException>(() => grain.UpdateCapabilitiesAsync(s.SessionId, Guid.NewGuid(), "v", tooBig));
        Assert.Contains("65536", inGrain.Message);
        await Assert.ThrowsAnyAsync<ArgumentException>(() => grain.JoinAsync(s.SessionId, Guid.NewGuid(), "tab\tid", [], true));

        var member = Assert.Single(await s.Groups.GetMembersAsync(group));
        Assert.Equal("ok"u8.ToArray(), member.Capabilities);
        Assert.Equal(1, (await s.Groups.GetSnapshotAsync(group)).Version);
    }

    [Fact]
    public async Task A_capability_payload_of_exactly_the_limit_is_accepted()
    {
        await using var s = await Coordinator.StartAsync(fixture.ClientsBySilo[1], "v", new CoordinatorOptions());
        var group = $"b-{Guid.NewGuid():N}";
        await s.Groups.JoinOrCreateAsync(group, new byte[CoordLimits.MaxPayloadBytes]);
        Assert.Equal(CoordLimits.MaxPayloadBytes, Assert.Single(await s.Groups.GetMembersAsync(group)).Capabilities.Length);
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
    public async Task The_session_grain_checks_the_ttl_too()
    {
        var grain = fixture.ClientsBySilo[0].GetGrain<ISessionGrain>(Guid.NewGuid());
        var e = await Assert.ThrowsAnyAsync<ArgumentOutOfRangeException>(() => grain.StartAsync("m", TimeSpan.FromMinutes(11)));
        Assert.Contains("ttl must be between 1 s and 10 min", e.Message);
        Assert.Equal(Orleans.Coord.Sessions.SessionStatus.Unknown, await grain.HeartbeatAsync());
    }

    [Fact]
    public async Task Null_clients_and_services_are_refused()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => Coordinator.StartAsync((IClusterClient)null!, "m"));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Coordinator.StartAsync(fixture.ClientsBySilo[0], null!, "m"));
    }
}
