using System.Text;
using System.Text.Json;
using Orleans.Coord.Client.Inspection;

namespace Orleans.Coord.Tests.Cli;

/// <summary>
/// The <c>coord</c> tool run as a process against a real silo process: the tests build known state with sessions of
/// their own, then check each command's table and JSON, breaking a lock, the exit codes, and the live views up to Ctrl+C.
/// </summary>
public abstract class CliTests(CliSilo cluster)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    protected CliSilo Cluster { get; } = cluster;

    [Fact]
    public async Task Groups_and_members_show_each_member_with_its_capabilities()
    {
        var group = Name("group");
        await using var worker = await Cluster.StartSessionAsync(Name("worker"));
        await using var peer = await Cluster.StartSessionAsync(Name("peer"));
        await worker.Groups.JoinOrCreateAsync(group, """{"role":"worker","cores":4}"""u8.ToArray());
        await peer.Groups.JoinAsync(group, "plain text"u8.ToArray());

        var groups = await RunOkAsync("groups");
        Assert.Contains(groups.Output.Split('\n'), l => l.StartsWith(group + " ", StringComparison.Ordinal) && l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1] == "2");
        var groupsJson = Json(await RunOkAsync("groups", "--json"));
        var listed = groupsJson.EnumerateArray().Single(g => g.GetProperty("name").GetString() == group);
        Assert.Equal(2, listed.GetProperty("memberCount").GetInt32());
        Assert.True(listed.GetProperty("version").GetInt64() >= 2);

        var members = await RunOkAsync("members", group);
        var workerLine = members.Output.Split('\n').Single(l => l.StartsWith(worker.MemberId, StringComparison.Ordinal));
        Assert.Contains("""{"role":"worker","cores":4}""", workerLine);
        Assert.Contains(" yes ", workerLine);
        Assert.Contains($"{worker.SessionId:N}", workerLine);
        Assert.Contains("plain text", members.Output.Split('\n').Single(l => l.StartsWith(peer.MemberId, StringComparison.Ordinal)));

        var membersJson = Json(await RunOkAsync("members", group, "--json"));
        Assert.Equal(group, membersJson.GetProperty("group").GetString());
        var byId = membersJson.GetProperty("members").EnumerateArray().ToDictionary(m => m.GetProperty("memberId").GetString()!);
        Assert.Equal("worker", byId[worker.MemberId].GetProperty("capabilities").GetProperty("role").GetString());
        Assert.Equal(4, byId[worker.MemberId].GetProperty("capabilities").GetProperty("cores").GetInt32());
        Assert.Equal("json", byId[worker.MemberId].GetProperty("capabilitiesEncoding").GetString());
        Assert.Equal("plain text", byId[peer.MemberId].GetProperty("capabilities").GetString());
        Assert.Equal("text", byId[peer.MemberId].GetProperty("capabilitiesEncoding").GetString());
        Assert.True(byId[peer.MemberId].GetProperty("up").GetBoolean());
        Assert.Equal(peer.SessionId, byId[peer.MemberId].GetProperty("sessionId").GetGuid());
        Assert.True(byId[peer.MemberId].GetProperty("joinedAt").GetDateTimeOffset() <= DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task Locks_and_lock_show_the_holder_its_token_and_the_queue_in_order()
    {
        var name = Name("lock");
        await using var holder = await Cluster.StartSessionAsync(Name("holder"));
        await using var first = await Cluster.StartSessionAsync(Name("first"));
        await using var second = await Cluster.StartSessionAsync(Name("second"));
        await using var handle = await holder.Locks.AcquireAsync(name, Wait);
        var firstWaits = first.Locks.AcquireAsync(name, Wait);
        await WaitForWaitersAsync(name, 1);
        var secondWaits = second.Locks.AcquireAsync(name, Wait);
        await WaitForWaitersAsync(name, 2);

        var locks = await RunOkAsync("locks");
        var row = locks.Output.Split('\n').Single(l => l.Contains($" {name} ", StringComparison.Ordinal));
        Assert.Equal(["lock", name, holder.MemberId, $"{holder.SessionId:N}", $"{handle.FencingToken}", "1/1"], row.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..6]);
        Assert.EndsWith(" 2", row);

        var shown = await RunOkAsync("lock", name);
        var lines = shown.Output.Split('\n');
        var queue = lines.SkipWhile(l => !l.StartsWith("#", StringComparison.Ordinal)).Skip(1).Where(l => l.Length > 0).ToList();
        Assert.Equal([first.MemberId, second.MemberId], queue.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]));

        var json = Json(await RunOkAsync("lock", name, "--json")).EnumerateArray().Single();
        Assert.Equal("lock", json.GetProperty("kind").GetString());
        Assert.Equal(name, json.GetProperty("name").GetString());
        var held = json.GetProperty("holders").EnumerateArray().Single();
        Assert.Equal(holder.MemberId, held.GetProperty("memberId").GetString());
        Assert.Equal(holder.SessionId, held.GetProperty("sessionId").GetGuid());
        Assert.Equal(handle.FencingToken, held.GetProperty("token").GetInt64());
        Assert.True(held.GetProperty("heldSeconds").GetDouble() >= 0);
        Assert.Equal(2, json.GetProperty("queueLength").GetInt32());
        Assert.Equal([first.MemberId, second.MemberId], json.GetProperty("waiters").EnumerateArray().Select(w => w.GetProperty("memberId").GetString()));

        var all = Json(await RunOkAsync("locks", "--json")).EnumerateArray().Single(l => l.GetProperty("name").GetString() == name);
        Assert.Equal(handle.FencingToken, all.GetProperty("holders")[0].GetProperty("token").GetInt64());

        await handle.ReleaseAsync();
        await using var firstHandle = await firstWaits;
        await firstHandle.ReleaseAsync();
        await using var secondHandle = await secondWaits;
    }

    [Fact]
    public async Task Lock_break_ends_the_hold_and_lets_the_next_waiter_in_after_confirmation()
    {
        var name = Name("break");
        await using var holder = await Cluster.StartSessionAsync(Name("holder"));
        await using var waiter = await Cluster.StartSessionAsync(Name("waiter"));
        await using var handle = await holder.Locks.AcquireAsync(name, Wait);
        var waiting = waiter.Locks.AcquireAsync(name, Wait);
        await WaitForWaitersAsync(name, 1);

        var declined = await CoordTool.RunAsync([.. Cluster.ConnectArgs, "lock", "break", name], input: "n\n");
        Assert.True(declined.ExitCode == 4, declined.ToString());
        Assert.Single(declined.ErrorLines, l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.False(handle.Lost.IsCancellationRequested);
        Assert.False(waiting.IsCompleted);

        var broken = await RunOkAsync("lock", "break", name, "--yes", "--json");
        var json = Json(broken);
        Assert.Equal(holder.MemberId, json.GetProperty("memberId").GetString());
        Assert.Equal(handle.FencingToken, json.GetProperty("token").GetInt64());
        await Poll.UntilAsync(() => handle.Lost.IsCancellationRequested, Wait, "the holder's Lost fires");
        await using var next = await waiting.WaitAsync(Wait);
        Assert.True(next.FencingToken > handle.FencingToken);

        var confirmed = await CoordTool.RunAsync([.. Cluster.ConnectArgs, "lock", "break", name], input: "y\n");
        Assert.True(confirmed.ExitCode == 0, confirmed.ToString());
        Assert.Contains(waiter.MemberId, confirmed.Output);
        Assert.Contains($"token {next.FencingToken}", confirmed.Output);
        await Poll.UntilAsync(() => next.Lost.IsCancellationRequested, Wait, "the second holder's Lost fires");

        var free = await RunAsync("lock", "break", name, "--yes");
        Assert.True(free.ExitCode == 4, free.ToString());
        Assert.Equal("error:", Assert.Single(free.ErrorLines)[..6]);
    }

    [Fact]
    public async Task Elections_and_leader_show_the_leader_its_term_value_and_the_candidates_in_order()
    {
        var name = Name("election");
        await using var leader = await Cluster.StartSessionAsync(Name("leader"));
        await using var rival = await Cluster.StartSessionAsync(Name("rival"));
        await using var leadership = await leader.Elections.CampaignAsync(name, "http://leader:8080"u8.ToArray());
        var campaign = rival.Elections.CampaignAsync(name, new byte[] { 0, 1, 2, 255 });
        await Poll.UntilAsync(
            async () => (await Inspector.GetElectionAsync(name))?.Waiters.Count == 1,
            Wait,
            "the rival is a candidate");

        var listing = await RunOkAsync("elections");
        var row = listing.Output.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        Assert.Equal([name, leader.MemberId, $"{leadership.Term}"], row.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..3]);
        Assert.Contains(rival.MemberId, row);
        Assert.EndsWith("http://leader:8080", row);

        var shown = await RunOkAsync("leader", name);
        Assert.Contains($"base64:{Convert.ToBase64String([0, 1, 2, 255])}", shown.Output);

        var json = Json(await RunOkAsync("leader", name, "--json"));
        Assert.Equal(name, json.GetProperty("name").GetString());
        var led = json.GetProperty("leader");
        Assert.Equal(leader.MemberId, led.GetProperty("memberId").GetString());
        Assert.Equal(leadership.Term, led.GetProperty("term").GetInt64());
        Assert.Equal("http://leader:8080", led.GetProperty("value").GetString());
        Assert.Equal("text", led.GetProperty("valueEncoding").GetString());
        Assert.True(led.GetProperty("ledSeconds").GetDouble() >= 0);
        var candidate = json.GetProperty("candidates").EnumerateArray().Single();
        Assert.Equal(rival.MemberId, candidate.GetProperty("memberId").GetString());
        Assert.Equal("base64", candidate.GetProperty("valueEncoding").GetString());

        var elections = Json(await RunOkAsync("elections", "--json")).EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        Assert.Equal(leadership.Term, elections.GetProperty("leader").GetProperty("term").GetInt64());

        await leadership.ResignAsync();
        await using var next = await campaign.WaitAsync(Wait);
    }

    [Fact]
    public async Task Sessions_show_each_live_session_and_what_it_holds()
    {
        var group = Name("group");
        var lockName = Name("lock");
        await using var session = await Cluster.StartSessionAsync(Name("session"));
        await session.Groups.JoinOrCreateAsync(group);
        await using var handle = await session.Locks.AcquireAsync(lockName, Wait);

        var table = await RunOkAsync("sessions");
        var row = table.Output.Split('\n').Single(l => l.StartsWith(session.MemberId + " ", StringComparison.Ordinal));
        Assert.Contains($"{session.SessionId:N}", row);
        Assert.Contains($"group:{group}", row);
        Assert.Contains($"lock:{lockName}", row);
        Assert.Contains("alive", row);

        var json = Json(await RunOkAsync("sessions", "--json")).EnumerateArray().Single(s => s.GetProperty("sessionId").GetGuid() == session.SessionId);
        Assert.Equal(session.MemberId, json.GetProperty("memberId").GetString());
        Assert.Equal(10, json.GetProperty("ttlSeconds").GetDouble());
        Assert.Equal("alive", json.GetProperty("status").GetString());
        Assert.True(json.GetProperty("lastHeartbeatAgeSeconds").GetDouble() < 10);
        var resources = json.GetProperty("resources").EnumerateArray().Select(r => $"{r.GetProperty("kind").GetString()}:{r.GetProperty("name").GetString()}").ToList();
        Assert.Contains($"group:{group}", resources);
        Assert.Contains($"lock:{lockName}", resources);
    }

    [Fact]
    public async Task Unknown_names_exit_1_unreachable_exits_3_and_usage_errors_exit_2_each_with_one_line()
    {
        foreach (var args in new[] { new[] { "members", Name("nope") }, ["lock", Name("nope")], ["leader", Name("nope")], ["watch", Name("nope")] })
        {
            await AssertFailsAsync(await RunAsync(args), 1);
        }

        await AssertFailsAsync(await CoordTool.RunAsync(["groups", "--gateway", $"127.0.0.1:{FreePort.Next()}", "--timeout", "3"]), 3);
        await AssertFailsAsync(await CoordTool.RunAsync(["members"]), 2);
        await AssertFailsAsync(await CoordTool.RunAsync(["frobnicate"]), 2);
        await AssertFailsAsync(await CoordTool.RunAsync(["groups", "--gateway", "nowhere"]), 2);
        await AssertFailsAsync(await RunAsync("members", "bad\u0001name"), 2);

        static Task AssertFailsAsync(CliResult result, int exitCode)
        {
            Assert.True(result.ExitCode == exitCode, $"expected exit {exitCode}; {result}");
            var line = Assert.Single(result.ErrorLines);
            Assert.StartsWith("error: ", line);
            Assert.Equal("", result.Output.Trim());
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Watch_prints_a_join_and_a_leave_then_stops_cleanly_on_sigint()
    {
        var group = Name("watched");
        await using var owner = await Cluster.StartSessionAsync(Name("owner"));
        await owner.Groups.JoinOrCreateAsync(group);
        await using var watch = CoordTool.Start([.. Cluster.ConnectArgs, "watch", group]);
        await watch.WaitUntilReadyAsync();

        await using var joiner = await Cluster.StartSessionAsync(Name("joiner"));
        await joiner.Groups.JoinAsync(group, """{"zone":"a"}"""u8.ToArray());
        await joiner.Groups.LeaveAsync(group);
        await Poll.UntilAsync(
            () => watch.OutputLines.Any(l => l.Contains(" left ", StringComparison.Ordinal) && l.Contains(joiner.MemberId, StringComparison.Ordinal)),
            Wait,
            () => $"the watch prints the leave:\n{watch.Describe()}");
        var joined = watch.OutputLines.Single(l => l.Contains(" joined ", StringComparison.Ordinal));
        Assert.Contains(joiner.MemberId, joined);
        Assert.Contains("""{"zone":"a"}""", joined);
        Assert.DoesNotContain('\u001b', string.Join('\n', watch.OutputLines));

        Assert.Equal(0, await watch.InterruptAsync());
    }

    [Fact]
    public async Task Observe_prints_leadership_changes_as_json_lines_then_stops_cleanly_on_sigint()
    {
        var name = Name("observed");
        await using var observe = CoordTool.Start([.. Cluster.ConnectArgs, "observe", name, "--json"]);
        await observe.WaitUntilReadyAsync();

        await using var first = await Cluster.StartSessionAsync(Name("first"));
        await using var second = await Cluster.StartSessionAsync(Name("second"));
        var leadership = await first.Elections.CampaignAsync(name, "one"u8.ToArray());
        var campaign = second.Elections.CampaignAsync(name, "two"u8.ToArray());
        await Poll.UntilAsync(async () => (await Inspector.GetElectionAsync(name))?.Waiters.Count == 1, Wait, "the second is a candidate");
        await leadership.ResignAsync();
        await using var next = await campaign.WaitAsync(Wait);

        List<JsonElement> events = [];
        await Poll.UntilAsync(
            () =>
            {
                events = observe.OutputLines.Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
                return events.Count >= 3;
            },
            Wait,
            () => $"three leadership events:\n{observe.Describe()}");
        Assert.Equal(
            [("elected", first.MemberId, leadership.Term), ("resigned", first.MemberId, leadership.Term), ("elected", second.MemberId, next.Term)],
            events.Select(e => (e.GetProperty("kind").GetString(), e.GetProperty("memberId").GetString(), e.GetProperty("term").GetInt64())));
        Assert.Equal("two", events[2].GetProperty("value").GetString());
        Assert.All(events, e => Assert.Equal(name, e.GetProperty("election").GetString()));
        Assert.All(events, e => Assert.False(e.GetProperty("resync").GetBoolean()));

        Assert.Equal(0, await observe.InterruptAsync());
    }

    protected CoordinationInspector Inspector => new(Cluster.Client);

    protected Task<CliResult> RunAsync(params string[] args) => CoordTool.RunAsync([.. Cluster.ConnectArgs, .. args]);

    protected async Task<CliResult> RunOkAsync(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.True(result.ExitCode == 0, $"coord {string.Join(' ', args)}: {result}");
        Assert.Equal("", result.Error);
        return result;
    }

    protected static JsonElement Json(CliResult result) => JsonDocument.Parse(Encoding.UTF8.GetBytes(result.Output)).RootElement.Clone();

    private static string Name(string what) => $"cli-{what}-{Guid.NewGuid():N}"[..24];

    private Task WaitForWaitersAsync(string name, int count) =>
        Poll.UntilAsync(
            async () => (await Inspector.GetLockAsync(name)).SingleOrDefault(l => l.Kind == "lock")?.Waiters.Count == count,
            Wait,
            $"{count} waiters queue for the lock '{name}'");
}
