using Orleans.Coord.Grains;
using Orleans.Coord.Groups;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.Coord.Client;

namespace Orleans.Coord.Tests.Groups;

/// <summary>
/// The group grain's request ids, as a client uses them when an answer is lost and it sends the change again: a copy
/// with the same request id gets the first answer and changes nothing, a late copy of a join whose member has left is
/// not applied, a late copy of a create or delete finds the revision moved, and a session's record goes when the session
/// ends.
/// </summary>
[Collection(SharedClusterCollection.Name)]
public sealed class GroupRequestTests(SharedClusterFixture fixture)
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_repeated_join_update_or_leave_gets_the_first_answer_and_is_applied_once()
    {
        var group = $"greq-{Guid.NewGuid():N}";
        var client = fixture.ClientsBySilo[1];
        await using var a = await Coordinator.StartAsync(fixture.ClientsBySilo[0], "a", new CoordinatorOptions());
        await using var b = await Coordinator.StartAsync(fixture.ClientsBySilo[2], "b", new CoordinatorOptions());
        await a.Groups.CreateAsync(group);
        var grain = client.GetGrain<IGroupGrain>(group);

        var join = Guid.NewGuid();
        var joined = await grain.JoinAsync(a.SessionId, join, default, "a", "1"u8.ToArray(), createIfMissing: false);
        Assert.Equal(joined, await grain.JoinAsync(a.SessionId, join, default, "a", "1"u8.ToArray(), createIfMissing: false));
        Assert.Equal(joined, await grain.GetVersionAsync());

        var update = Guid.NewGuid();
        var updated = await grain.UpdateCapabilitiesAsync(a.SessionId, update, default, "a", "2"u8.ToArray());
        Assert.Equal(updated, await grain.UpdateCapabilitiesAsync(a.SessionId, update, default, "a", "2"u8.ToArray()));
        Assert.Equal(joined + 1, updated);
        Assert.Equal("2"u8.ToArray(), (await grain.GetMemberAsync("a")).Capabilities);

        var leave = Guid.NewGuid();
        var left = await grain.LeaveAsync(a.SessionId, leave, default, "a");
        Assert.Equal(left, await grain.LeaveAsync(a.SessionId, leave, default, "a"));
        Assert.Equal(updated + 1, left);

        // A late copy of the join (the session has moved on) does not bring the member back.
        Assert.Equal(left, await grain.JoinAsync(a.SessionId, join, default, "a", "1"u8.ToArray(), createIfMissing: false));
        Assert.False(await grain.IsMemberUpAsync("a"));
        Assert.Equal(left, await grain.GetVersionAsync());

        // Request ids count per session: b cannot leave through a's request, and a new join of a is applied.
        await Assert.ThrowsAsync<MemberNotJoinedException>(() => grain.LeaveAsync(b.SessionId, leave, default, "a"));
        await a.Groups.JoinAsync(group);
        Assert.True(await grain.IsMemberUpAsync("a"));
        Assert.Equal(left + 1, await grain.GetVersionAsync());
    }

    [Fact]
    public async Task A_late_copy_of_a_change_the_session_has_moved_past_is_not_applied()
    {
        // The session joins, leaves, joins again and leaves again, each change numbered in its order. Late copies of the
        // first leave and the first join arrive after the later changes: the member is neither removed nor brought back.
        var group = $"greq-{Guid.NewGuid():N}";
        await using var a = await Coordinator.StartAsync(fixture.ClientsBySilo[0], "a", new CoordinatorOptions());
        await a.Groups.CreateAsync(group);
        var grain = fixture.ClientsBySilo[1].GetGrain<IGroupGrain>(group);
        var (firstJoin, firstLeave) = (Guid.NewGuid(), Guid.NewGuid());
        await grain.JoinAsync(a.SessionId, firstJoin, new RequestOrder(1, 1), "a", [], createIfMissing: false);
        await grain.LeaveAsync(a.SessionId, firstLeave, new RequestOrder(2, 2), "a");
        var rejoined = await grain.JoinAsync(a.SessionId, Guid.NewGuid(), new RequestOrder(3, 3), "a", "2"u8.ToArray(), createIfMissing: false);
        var updated = await grain.UpdateCapabilitiesAsync(a.SessionId, Guid.NewGuid(), new RequestOrder(4, 4), "a", "3"u8.ToArray());

        Assert.Equal(updated, await grain.LeaveAsync(a.SessionId, firstLeave, new RequestOrder(2, 2), "a"));
        Assert.True(await grain.IsMemberUpAsync("a"));
        Assert.Equal("3"u8.ToArray(), (await grain.GetMemberAsync("a")).Capabilities);
        Assert.Equal(rejoined + 1, await grain.GetVersionAsync());

        var left = await grain.LeaveAsync(a.SessionId, Guid.NewGuid(), new RequestOrder(5, 5), "a");
        Assert.Equal(left, await grain.JoinAsync(a.SessionId, firstJoin, new RequestOrder(1, 1), "a", [], createIfMissing: false));
        Assert.False(await grain.IsMemberUpAsync("a"));
        Assert.Equal(left, await grain.GetVersionAsync());
    }

    [Fact]
    public async Task A_repeated_create_or_delete_gets_the_first_answer_and_another_request_does_not()
    {
        var group = $"greq-{Guid.NewGuid():N}";
        var grain = fixture.ClientsBySilo[1].GetGrain<IGroupGrain>(group);
        await using var a = await Coordinator.StartAsync(fixture.ClientsBySilo[0], "a", new CoordinatorOptions());

        var create = Guid.NewGuid();
        var unborn = await grain.GetRevisionAsync();
        Assert.True(await grain.CreateAsync(create, unborn));
        Assert.True(await grain.CreateAsync(create, unborn));
        var created = await grain.GetRevisionAsync();
        Assert.Equal(unborn + 1, created);
        await Assert.ThrowsAsync<GroupAlreadyExistsException>(() => grain.CreateAsync(Guid.NewGuid(), created));
        Assert.Contains(group, await a.Groups.ListAsync());

        var delete = Guid.NewGuid();
        Assert.True(await grain.DeleteAsync(delete, created));
        Assert.True(await grain.DeleteAsync(delete, created));
        await Assert.ThrowsAsync<GroupNotFoundException>(() => grain.DeleteAsync(Guid.NewGuid(), created + 1));
        Assert.DoesNotContain(group, await a.Groups.ListAsync());
        Assert.Equal(-1, await grain.GetVersionAsync());
        Assert.Equal(created + 1, await grain.GetRevisionAsync());
    }

    [Fact]
    public async Task A_late_copy_of_a_create_or_delete_after_later_changes_changes_nothing()
    {
        // Copies of a create and a delete arrive after the group was deleted and created again: those the grain still
        // remembers get their first answer, older ones (a new id stands for a copy the grain has forgotten) find the
        // revision moved, and none of them creates or deletes anything.
        var group = $"greq-{Guid.NewGuid():N}";
        var grain = fixture.ClientsBySilo[1].GetGrain<IGroupGrain>(group);
        var (create, delete) = (Guid.NewGuid(), Guid.NewGuid());
        var unborn = await grain.GetRevisionAsync();
        Assert.True(await grain.CreateAsync(create, unborn));
        Assert.True(await grain.DeleteAsync(delete, unborn + 1));

        Assert.True(await grain.CreateAsync(create, unborn));
        Assert.False(await grain.CreateAsync(Guid.NewGuid(), unborn));
        Assert.Equal(-1, await grain.GetVersionAsync());

        Assert.True(await grain.CreateAsync(Guid.NewGuid(), unborn + 2));
        Assert.True(await grain.DeleteAsync(delete, unborn + 1));
        Assert.False(await grain.DeleteAsync(Guid.NewGuid(), unborn + 1));
        Assert.Equal(group, (await grain.GetSnapshotAsync()).Group);
        Assert.Equal(unborn + 3, await grain.GetRevisionAsync());
    }

    [Fact]
    public async Task A_late_copy_of_a_refused_delete_does_not_delete_the_group_once_it_is_empty()
    {
        // The first copy of a delete is refused (the group has a member); after the member leaves, a late copy of it
        // finds the revision moved and leaves the group in place. The client's delete reads the revision afresh.
        var group = $"greq-{Guid.NewGuid():N}";
        var grain = fixture.ClientsBySilo[1].GetGrain<IGroupGrain>(group);
        await using var a = await Coordinator.StartAsync(fixture.ClientsBySilo[0], "a", new CoordinatorOptions());
        await a.Groups.JoinOrCreateAsync(group);
        var delete = Guid.NewGuid();
        var full = await grain.GetRevisionAsync();
        await Assert.ThrowsAsync<GroupNotEmptyException>(() => grain.DeleteAsync(delete, full));
        await a.Groups.LeaveAsync(group);

        Assert.False(await grain.DeleteAsync(delete, full));
        Assert.Equal(full + 1, await grain.GetRevisionAsync());
        Assert.Contains(group, await a.Groups.ListAsync());

        await a.Groups.DeleteAsync(group);
        Assert.DoesNotContain(group, await a.Groups.ListAsync());
        await Assert.ThrowsAsync<GroupNotFoundException>(() => a.Groups.GetSnapshotAsync(group));
    }

    [Fact]
    public async Task Racing_creates_and_deletes_of_one_group_each_take_effect_once()
    {
        // Two sessions on different silos create and delete one group as fast as they can, so a revision often moves
        // between a client's read and its request (the client then reads again). Creates and deletes that succeed
        // alternate, so their counts differ by the group's existence at the end.
        var group = $"greq-{Guid.NewGuid():N}";
        await using var a = await Coordinator.StartAsync(fixture.ClientsBySilo[0], "a", new CoordinatorOptions());
        await using var b = await Coordinator.StartAsync(fixture.ClientsBySilo[2], "b", new CoordinatorOptions());

        static async Task<(int Created, int Deleted)> Race(ICoordinator coordinator, string group)
        {
            var (created, deleted) = (0, 0);
            for (var i = 0; i < 150; i++)
            {
                try
                {
                    await coordinator.Groups.CreateAsync(group);
                    created++;
                }
                catch (GroupAlreadyExistsException)
                {
                }

                try
                {
                    await coordinator.Groups.DeleteAsync(group);
                    deleted++;
                }
                catch (GroupNotFoundException)
                {
                }
            }

            return (created, deleted);
        }

        var outcomes = await Task.WhenAll(Race(a, group), Race(b, group));
        var created = outcomes.Sum(o => o.Created);
        var deleted = outcomes.Sum(o => o.Deleted);
        var exists = (await a.Groups.ListAsync()).Contains(group);

        var version = await fixture.ClientsBySilo[1].GetGrain<IGroupGrain>(group).GetVersionAsync();

        Assert.True(created > 0, "no create succeeded");
        Assert.Equal(exists ? 1 : 0, created - deleted);
        Assert.Equal(exists, version >= 0);
    }

    [Fact]
    public async Task The_grain_remembers_its_last_creates_and_deletes()
    {
        // Each of the last 8 requests is answered as applied; an older one finds the revision moved (or the group gone,
        // for a delete). Whichever answer a copy gets, the group stays as the last change left it.
        var group = $"greq-{Guid.NewGuid():N}";
        var grain = fixture.ClientsBySilo[1].GetGrain<IGroupGrain>(group);
        var requests = new List<(Guid Id, long Revision, bool Create)>();
        for (var i = 0; i < 10; i++)
        {
            var (id, revision) = (Guid.NewGuid(), await grain.GetRevisionAsync());
            var create = i % 2 == 0;
            Assert.True(create ? await grain.CreateAsync(id, revision) : await grain.DeleteAsync(id, revision));
            requests.Add((id, revision, create));
        }

        var answers = new List<string>();
        foreach (var (id, revision, create) in requests)
        {
            try
            {
                answers.Add(await (create ? grain.CreateAsync(id, revision) : grain.DeleteAsync(id, revision)) ? "applied" : "moved");
            }
            catch (GroupNotFoundException)
            {
                answers.Add("not found");
            }
        }

        Assert.Equal(["moved", "not found", .. Enumerable.Repeat("applied", 8)], answers);
        Assert.Equal(-1, await grain.GetVersionAsync());
        Assert.Equal(requests[^1].Revision + 1, await grain.GetRevisionAsync());
    }

    [Fact]
    public async Task A_sessions_last_change_is_forgotten_when_the_session_ends()
    {
        var group = $"greq-{Guid.NewGuid():N}";
        var grain = fixture.ClientsBySilo[1].GetGrain<IGroupGrain>(group);
        var a = await Coordinator.StartAsync(fixture.ClientsBySilo[0], "a", new CoordinatorOptions());
        await using var b = await Coordinator.StartAsync(fixture.ClientsBySilo[2], "b", new CoordinatorOptions());
        await b.Groups.JoinOrCreateAsync(group);

        // a's session attaches the grain through the API, so that its end reaches the grain.
        await a.Groups.JoinAsync(group);
        await a.Groups.LeaveAsync(group);
        var leave = Guid.NewGuid();
        await grain.JoinAsync(a.SessionId, Guid.NewGuid(), default, "a", [], createIfMissing: false);
        var left = await grain.LeaveAsync(a.SessionId, leave, default, "a");
        Assert.Equal(left, await grain.LeaveAsync(a.SessionId, leave, default, "a"));

        await a.DisposeAsync();
        await Poll.UntilAsync(async () =>
        {
            try
            {
                await grain.LeaveAsync(a.SessionId, leave, default, "a");
                return false;
            }
            catch (MemberNotJoinedException)
            {
                return true;
            }
        }, Long, "a's ended session is forgotten");
        Assert.Equal(["b"], (await b.Groups.GetMembersAsync(group)).Select(m => m.MemberId));
    }
}
