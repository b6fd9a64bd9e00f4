using Orleans.Coord.Grains;
using Orleans.Coord.Groups;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.Runtime;
using Orleans.TestingHost;
using Orleans.Coord.Client;

namespace Orleans.Coord.Tests.Groups;

/// <summary>
/// Losing the silo that hosts a group grain (in-process TestingHost silos: <c>StopSiloAsync</c> is a graceful stop,
/// <c>KillSiloAsync</c> a fast stop without deactivation) keeps the membership, because the state is in a storage that
/// survives the silo; live sessions keep their memberships and versions keep increasing.
/// </summary>
public sealed class SiloLossTests : IAsyncLifetime
{
    private static readonly CoordinatorOptions Options = new() { SessionTtl = TimeSpan.FromSeconds(30) };
    private CoordCluster _coord = null!;

    public async Task InitializeAsync() => _coord = await CoordCluster.StartAsync();

    public async Task DisposeAsync() => await _coord.DisposeAsync();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Losing_the_silo_hosting_the_group_grain_keeps_the_membership(bool kill)
    {
        // Clients only talk to the primary silo, which is never the one lost here.
        var client = await _coord.ClientOnSiloAsync(0);
        await using var a = await Coordinator.StartAsync(client, "a", Options);
        await using var b = await Coordinator.StartAsync(client, "b", Options);

        var (group, victim) = await FindGroupHostedAwayFromPrimaryAsync(client);
        await a.Groups.JoinAsync(group, "a"u8.ToArray());
        await b.Groups.JoinAsync(group, "b"u8.ToArray());
        var versionBefore = (await a.Groups.GetSnapshotAsync(group)).Version;

        if (kill)
        {
            await _coord.Cluster.KillSiloAsync(victim);
        }
        else
        {
            await _coord.Cluster.StopSiloAsync(victim);
        }

        GroupSnapshot? after = null;
        await Poll.UntilAsync(async () =>
        {
            try
            {
                after = await a.Groups.GetSnapshotAsync(group).WaitAsync(TimeSpan.FromSeconds(5));
                return true;
            }
            catch (Exception ex) when (ex is not GroupNotFoundException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), "the group answers again after the silo loss");

        Assert.Equal(["a", "b"], after!.Members.Select(m => m.MemberId));
        Assert.Equal(versionBefore, after.Version);
        Assert.True(a.IsAlive);
        Assert.True(b.IsAlive);

        await b.Groups.LeaveAsync(group);
        var final = await a.Groups.GetSnapshotAsync(group);
        Assert.Equal(["a"], final.Members.Select(m => m.MemberId));
        Assert.Equal(versionBefore + 1, final.Version);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_empty_group_created_or_deleted_stays_so_when_the_silo_hosting_it_is_killed(bool deleted)
    {
        var client = await _coord.ClientOnSiloAsync(0);
        await using var a = await Coordinator.StartAsync(client, "a", Options);
        var (group, victim) = await FindGroupHostedAwayFromPrimaryAsync(client);
        if (deleted)
        {
            // A join and a leave first, so that the group is stored as existing before the delete.
            await a.Groups.JoinAsync(group);
            await a.Groups.LeaveAsync(group);
            await a.Groups.DeleteAsync(group);
        }

        await _coord.Cluster.KillSiloAsync(victim);

        bool? exists = null;
        await Poll.UntilAsync(async () =>
        {
            try
            {
                await a.Groups.GetSnapshotAsync(group).WaitAsync(TimeSpan.FromSeconds(5));
                exists = true;
            }
            catch (GroupNotFoundException)
            {
                exists = false;
            }
            catch (Exception)
            {
                return false;
            }

            return true;
        }, TimeSpan.FromSeconds(60), "the group grain answers again after the silo loss");

        Assert.Equal(!deleted, exists);
        Assert.Equal(!deleted, (await a.Groups.ListAsync()).Contains(group));
    }

    /// <summary>
    /// Creates groups through clients of the non-primary silos (placement tends to favour the caller's silo) until
    /// one group grain is hosted on a non-primary silo, which becomes the victim.
    /// </summary>
    private async Task<(string Group, SiloHandle Victim)> FindGroupHostedAwayFromPrimaryAsync(IClusterClient client)
    {
        var management = client.GetGrain<IManagementGrain>(0);
        var primary = _coord.Cluster.Primary!.SiloAddress;
        var creators = new[] { await _coord.ClientOnSiloAsync(1), await _coord.ClientOnSiloAsync(2) };
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var group = $"loss-{attempt}-{Guid.NewGuid():N}";
            var grain = creators[attempt % 2].GetGrain<IGroupGrain>(group);
            Assert.True(await grain.CreateAsync(Guid.NewGuid(), await grain.GetRevisionAsync()));
            var host = await management.GetActivationAddress(client.GetGrain<IGroupGrain>(group));
            var victim = _coord.Cluster.Silos.FirstOrDefault(s => s.SiloAddress.Equals(host) && !s.SiloAddress.Equals(primary));
            if (victim is not null)
            {
                return (group, victim);
            }
        }

        throw new InvalidOperationException("No group grain was placed away from the primary silo in 50 tries.");
    }
}
