using System.Text;
using Orleans.Coord.Groups;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.Coord.Client;

namespace Orleans.Coord.Tests.Conformance;

/// <summary>Tooz's group contract (create, delete, list, join, leave, members, capabilities, errors), run unchanged on every backend.</summary>
public abstract partial class ConformanceTests
{
    [Fact]
    public async Task Create_list_delete()
    {
        await using var a = await Coordinator.StartAsync(Cluster.ClientOnSilo(0), "a", Defaults);
        var group = NewName("g");
        await a.Groups.CreateAsync(group);
        Assert.Contains(group, await a.Groups.ListAsync());
        await Assert.ThrowsAsync<GroupAlreadyExistsException>(() => a.Groups.CreateAsync(group));
        await a.Groups.DeleteAsync(group);
        Assert.DoesNotContain(group, await a.Groups.ListAsync());
        var missing = await Assert.ThrowsAsync<GroupNotFoundException>(() => a.Groups.DeleteAsync(group));
        Assert.Equal(group, missing.Group);
    }

    [Fact]
    public async Task Join_requires_an_existing_group_but_join_or_create_creates_it()
    {
        await using var a = await Coordinator.StartAsync(Cluster.ClientOnSilo(1), "a", Defaults);
        var group = NewName("g");
        await Assert.ThrowsAsync<GroupNotFoundException>(() => a.Groups.JoinAsync(group));
        Assert.DoesNotContain(group, await a.Groups.ListAsync());
        await a.Groups.JoinOrCreateAsync(group, "caps"u8.ToArray());
        Assert.Contains(group, await a.Groups.ListAsync());
        var member = Assert.Single(await a.Groups.GetMembersAsync(group));
        Assert.Equal("a", member.MemberId);
        Assert.Equal("caps", Encoding.UTF8.GetString(member.Capabilities));
    }

    [Fact]
    public async Task Delete_refuses_a_non_empty_group_and_changes_nothing()
    {
        await using var a = await Coordinator.StartAsync(Cluster.ClientOnSilo(0), "a", Defaults);
        var group = NewName("g");
        await a.Groups.JoinOrCreateAsync(group);
        var error = await Assert.ThrowsAsync<GroupNotEmptyException>(() => a.Groups.DeleteAsync(group));
        Assert.Equal(1, error.MemberCount);
        Assert.Single(await a.Groups.GetMembersAsync(group));
        await a.Groups.LeaveAsync(group);
        await a.Groups.DeleteAsync(group);
        await Assert.ThrowsAsync<GroupNotFoundException>(() => a.Groups.GetMembersAsync(group));
    }

    [Fact]
    public async Task Joining_twice_or_with_a_member_id_of_another_live_session_is_refused()
    {
        var group = NewName("g");
        await using var first = await Coordinator.StartAsync(Cluster.ClientOnSilo(0), "same-id", Defaults);
        await using var second = await Coordinator.StartAsync(Cluster.ClientOnSilo(2), "same-id", Defaults);
        await first.Groups.JoinOrCreateAsync(group, "one"u8.ToArray());
        await Assert.ThrowsAsync<MemberAlreadyJoinedException>(() => first.Groups.JoinAsync(group));
        var error = await Assert.ThrowsAsync<MemberAlreadyJoinedException>(() => second.Groups.JoinAsync(group, "two"u8.ToArray()));
        Assert.Equal("same-id", error.MemberId);
        var member = Assert.Single(await first.Groups.GetMembersAsync(group));
        Assert.Equal(first.SessionId, member.SessionId);
        Assert.Equal("one", Encoding.UTF8.GetString(member.Capabilities));
    }

    [Fact]
    public async Task Leave_and_update_by_a_non_member_fail_with_member_not_joined()
    {
        var group = NewName("g");
        await using var a = await Coordinator.StartAsync(Cluster.ClientOnSilo(0), "a", Defaults);
        await using var b = await Coordinator.StartAsync(Cluster.ClientOnSilo(1), "b", Defaults);
        await a.Groups.JoinOrCreateAsync(group);
        await Assert.ThrowsAsync<MemberNotJoinedException>(() => b.Groups.LeaveAsync(group));
        await Assert.ThrowsAsync<MemberNotJoinedException>(() => b.Groups.UpdateCapabilitiesAsync(group, "x"u8.ToArray()));
        await Assert.ThrowsAsync<MemberNotJoinedException>(() => b.Groups.GetMemberAsync(group, "b"));
        await a.Groups.LeaveAsync(group);
        await Assert.ThrowsAsync<MemberNotJoinedException>(() => a.Groups.LeaveAsync(group));
        Assert.Empty(await a.Groups.GetMembersAsync(group));
    }

    [Fact]
    public async Task Capabilities_as_json_and_member_info_with_times()
    {
        var group = NewName("g");
        await using var a = await Coordinator.StartAsync(Cluster.ClientOnSilo(2), "a", Defaults);
        await a.Groups.JoinOrCreateAsync(group, new WorkerCaps("x86", 4));
        var joined = await a.Groups.GetMemberAsync(group, "a");
        Assert.Equal(new WorkerCaps("x86", 4), joined.GetCapabilities<WorkerCaps>());
        Assert.Equal(joined.JoinedAt, joined.UpdatedAt);

        await a.Groups.UpdateCapabilitiesAsync(group, new WorkerCaps("arm", 8));
        var updated = await a.Groups.GetMemberAsync(group, "a");
        Assert.Equal(new WorkerCaps("arm", 8), await a.Groups.GetMemberCapabilitiesAsync<WorkerCaps>(group, "a"));
        Assert.Equal(joined.JoinedAt, updated.JoinedAt);
        Assert.True(updated.UpdatedAt >= joined.UpdatedAt);
    }

    [Fact]
    public async Task Is_member_up_follows_join_and_leave()
    {
        var group = NewName("g");
        await using var a = await Coordinator.StartAsync(Cluster.ClientOnSilo(0), "a", Defaults);
        await using var b = await Coordinator.StartAsync(Cluster.ClientOnSilo(1), "b", Defaults);
        Assert.False(await b.Groups.IsMemberUpAsync(group, "a"));
        await a.Groups.JoinOrCreateAsync(group);
        Assert.True(await b.Groups.IsMemberUpAsync(group, "a"));
        await a.Groups.LeaveAsync(group);
        Assert.False(await b.Groups.IsMemberUpAsync(group, "a"));
    }

    [Fact]
    public async Task Clients_on_different_silos_see_the_same_membership()
    {
        var group = NewName("g");
        var sessions = new List<ICoordinator>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var c = await Coordinator.StartAsync(Cluster.ClientOnSilo(i), $"m{i}", Defaults);
                sessions.Add(c);
                await c.Groups.JoinOrCreateAsync(group, Encoding.UTF8.GetBytes($"silo{i}"));
            }

            foreach (var c in sessions)
            {
                var members = await c.Groups.GetMembersAsync(group);
                Assert.Equal(["m0", "m1", "m2"], members.Select(m => m.MemberId));
                Assert.Equal(["silo0", "silo1", "silo2"], members.Select(m => Encoding.UTF8.GetString(m.Capabilities)));
            }
        }
        finally
        {
            foreach (var c in sessions)
            {
                await c.DisposeAsync();
            }
        }
    }

    private sealed record WorkerCaps(string Arch, int Cores);
}
