using Orleans.Coord.Grains;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.Coord.Validation;
using static Orleans.Coord.Tests.Elections.ElectionTestHelpers;
using Orleans.Coord.Client;

namespace Orleans.Coord.Tests.Elections;

/// <summary>Bad election names, values and groups get an ArgumentException naming the argument and the limit, and change nothing.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class ElectionBadInputTests(SharedClusterFixture fixture)
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
    public async Task Bad_election_names_are_refused_by_the_client(string? name)
    {
        await using var s = await Coordinator.StartAsync(fixture.ClientsBySilo[0], "v", new CoordinatorOptions());
        var errors = new List<ArgumentException>
        {
            await Assert.ThrowsAnyAsync<ArgumentException>(() => s.Elections.CampaignAsync(name!, Bytes("v"))),
            await Assert.ThrowsAnyAsync<ArgumentException>(() => s.Elections.CampaignAsync(name!, Bytes("v"), new CampaignOptions())),
            await Assert.ThrowsAnyAsync<ArgumentException>(() => s.Elections.TryCampaignAsync(name!, Bytes("v"))),
            await Assert.ThrowsAnyAsync<ArgumentException>(() => s.Elections.GetLeaderAsync(name!)),
            await Assert.ThrowsAnyAsync<ArgumentException>(() => s.Elections.OpenObservationAsync(name!)),
            Assert.ThrowsAny<ArgumentException>(() => s.Elections.ObserveAsync(name!)),
        };
        Assert.All(errors, e =>
        {
            Assert.Equal("election", e.ParamName);
            Assert.Contains(CoordLimits.MaxNameLength.ToString(), e.Message);
        });
    }

    [Theory]
    [MemberData(nameof(BadNames))]
    public async Task Bad_group_names_are_refused_and_change_nothing(string? group)
    {
        var election = NewName("bad-group");
        await using var s = await Coordinator.StartAsync(fixture.ClientsBySilo[1], "v", new CoordinatorOptions());
        if (group is null)
        {
            // Null means "not group-tied": the campaign is valid.
            await using var leads = await s.Elections.CampaignAsync(election, Bytes("v"), new CampaignOptions { Group = null });
            return;
        }

        var options = new CampaignOptions { Group = group };
        var errors = new[]
        {
            await Assert.ThrowsAnyAsync<ArgumentException>(() => s.Elections.CampaignAsync(election, Bytes("v"), options)),
            await Assert.ThrowsAnyAsync<ArgumentException>(() => s.Elections.TryCampaignAsync(election, Bytes("v"), options)),
        };
        Assert.All(errors, e => Assert.Equal(nameof(CampaignOptions.Group), e.ParamName));
        Assert.Null(await s.Elections.GetLeaderAsync(election));
    }

    [Fact]
    public async Task Values_over_64_KiB_are_refused_by_client_and_grain_and_change_nothing()
    {
        var election = NewName("bad-value");
        await using var s = await Coordinator.StartAsync(fixture.ClientsBySilo[2], "v", new CoordinatorOptions());
        var tooBig = new byte[CoordLimits.MaxPayloadBytes + 1];

        var campaign = await Assert.ThrowsAnyAsync<ArgumentException>(() => s.Elections.CampaignAsync(election, tooBig));
        var tryCampaign = await Assert.ThrowsAnyAsync<ArgumentException>(() => s.Elections.TryCampaignAsync(election, tooBig));
        var grain = fixture.ClientsBySilo[2].GetGrain<IElectionGrain>(election);
        var direct = await Assert.ThrowsAnyAsync<ArgumentException>(() => grain.TryCampaignAsync(s.SessionId, "v", Guid.NewGuid(), tooBig, null, null));
        Assert.All([campaign, tryCampaign], e => Assert.Equal("value", e.ParamName));
        Assert.All([campaign, tryCampaign, direct], e =>
        {
            // Across the grain boundary the parameter name survives in the message only.
            Assert.StartsWith("value must be at most", e.Message);
            Assert.Contains(CoordLimits.MaxPayloadBytes.ToString(), e.Message);
        });
        Assert.Null(await s.Elections.GetLeaderAsync(election));

        // A value of exactly 64 KiB is fine; proclaiming one byte more is refused and keeps the old value.
        var max = new byte[CoordLimits.MaxPayloadBytes];
        await using var leads = await s.Elections.CampaignAsync(election, max);
        var proclaim = await Assert.ThrowsAnyAsync<ArgumentException>(() => leads.ProclaimAsync(tooBig));
        Assert.Equal("value", proclaim.ParamName);
        var snapshot = await grain.GetSnapshotAsync();
        Assert.Equal((CoordLimits.MaxPayloadBytes, 1L), (snapshot.Leader!.Value.Length, snapshot.Version));
    }

    [Fact]
    public async Task The_election_grain_checks_member_ids_and_sessions_too_and_changes_nothing()
    {
        var election = NewName("bad-grain");
        await using var s = await Coordinator.StartAsync(fixture.ClientsBySilo[0], "v", new CoordinatorOptions());
        var grain = fixture.ClientsBySilo[1].GetGrain<IElectionGrain>(election);

        var badMember = await Assert.ThrowsAnyAsync<ArgumentException>(() => grain.TryCampaignAsync(s.SessionId, "tab\tid", Guid.NewGuid(), [], null, null));
        // Across the grain boundary the parameter name survives in the message only.
        Assert.StartsWith("memberId must", badMember.Message);
        Assert.Contains(CoordLimits.MaxNameLength.ToString(), badMember.Message);
        var badGroup = await Assert.ThrowsAnyAsync<ArgumentException>(() => grain.TryCampaignAsync(s.SessionId, "v", Guid.NewGuid(), [], "", null));
        Assert.StartsWith("group must", badGroup.Message);
        await Assert.ThrowsAsync<SessionExpiredException>(() => grain.TryCampaignAsync(Guid.NewGuid(), "ghost", Guid.NewGuid(), [], null, null));
        await Assert.ThrowsAsync<NotLeaderException>(() => grain.ProclaimAsync(s.SessionId, Guid.NewGuid(), "v", 1, []));

        var snapshot = await grain.GetSnapshotAsync();
        Assert.Equal((0L, 0L, 0, (Orleans.Coord.Elections.ElectionLeader?)null), (snapshot.Version, snapshot.LastTerm, snapshot.Candidates, snapshot.Leader));
    }
}
