using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Coord.Client;
using Orleans.Coord.Tests.Infrastructure;

namespace Orleans.Coord.Tests.Hosting;

/// <summary>
/// <see cref="LeaderService"/> in two client hosts against the shared TestingHost cluster: the work runs only while its
/// host leads, each term's work in one host only, and it moves over with a higher term when the leader's session is
/// lost (ended in the cluster by another client) and when the leader's host stops.
/// </summary>
[Collection(SharedClusterCollection.Name)]
public sealed class LeaderServiceTests(SharedClusterFixture cluster)
{
    [Fact]
    public async Task The_work_runs_only_while_leading_and_never_in_two_processes_at_once()
    {
        var election = $"ls-{Guid.NewGuid():N}";
        var record = new LeaderRecord();
        Task<HostedClient> Start(string member) => HostedClient.StartAsync(cluster, member == "a" ? 1 : 2, b =>
        {
            b.Services.AddSingleton(record);
            b.AddCoordinator(configure: o =>
            {
                o.MemberId = member;
                o.SessionTtl = TimeSpan.FromSeconds(2);
                o.RestartDelay = TimeSpan.FromMilliseconds(100);
            }).AddLeaderService<RecordingLeader>(election);
        });

        await using var a = await Start("a");
        await using var b = await Start("b");
        await Poll.UntilAsync(() => record.Terms.Count == 1, TimeSpan.FromSeconds(20), "one process leads");
        var (firstLeader, firstTerm) = record.Terms[0];
        var leaderClient = firstLeader == "a" ? a : b;

        // The leader's session is ended in the cluster: the other host is elected at once with a higher term; the old
        // leader's work is cancelled when its next heartbeat learns of the loss (the term fences it meanwhile).
        await leaderClient.EndSessionInClusterAsync();
        await Poll.UntilAsync(() => record.Terms.Count >= 2, TimeSpan.FromSeconds(20), () => $"the other host leads (terms: {string.Join(", ", record.Terms)})");
        var (secondLeader, secondTerm) = record.Terms[1];
        Assert.NotEqual(firstLeader, secondLeader);
        Assert.True(secondTerm > firstTerm, $"term {secondTerm} after {firstTerm}");
        await Poll.UntilAsync(() => !record.ActiveMembers.Contains(firstLeader), TimeSpan.FromSeconds(5), "the old leader's work is cancelled");

        // The old leader's host campaigns again in its new session, behind the leader; stopping the leader's host
        // cancels its work, resigns, and the other host leads with a higher term again.
        var secondClient = secondLeader == "a" ? a : b;
        await Task.WhenAll(a.Coordinator.WaitForSessionAsync(), b.Coordinator.WaitForSessionAsync()).WaitAsync(TimeSpan.FromSeconds(20));
        await secondClient.Host.StopAsync(TimeSpan.FromSeconds(20));
        Assert.DoesNotContain(secondLeader, record.ActiveMembers);
        await Poll.UntilAsync(() => record.Terms.Count >= 3, TimeSpan.FromSeconds(20), () => $"the first host leads again (terms: {string.Join(", ", record.Terms)})");
        var (thirdLeader, thirdTerm) = record.Terms[2];
        Assert.Equal(firstLeader, thirdLeader);
        Assert.True(thirdTerm > secondTerm, $"term {thirdTerm} after {secondTerm}");

        // Each term's work ran in one host only, and terms only grew.
        var terms = record.Terms.Select(t => t.Term).ToArray();
        Assert.Equal(terms.Order().ToArray(), terms);
        Assert.Equal(terms.Length, terms.Distinct().Count());
    }

    public sealed class LeaderRecord
    {
        private readonly object _gate = new();
        private readonly List<(string Member, long Term)> _terms = [];
        private readonly HashSet<string> _active = [];

        public IReadOnlyList<(string Member, long Term)> Terms
        {
            get
            {
                lock (_gate)
                {
                    return [.. _terms];
                }
            }
        }

        public IReadOnlyCollection<string> ActiveMembers
        {
            get
            {
                lock (_gate)
                {
                    return [.. _active];
                }
            }
        }

        public void Begin(string member, long term)
        {
            lock (_gate)
            {
                _terms.Add((member, term));
                _active.Add(member);
            }
        }

        public void End(string member)
        {
            lock (_gate)
            {
                _active.Remove(member);
            }
        }
    }

    public sealed class RecordingLeader(LeaderRecord record, ICoordinator coordinator) : LeaderService
    {
        protected internal override async Task LeadAsync(ILeadership leadership, CancellationToken stoppingLeading)
        {
            record.Begin(coordinator.MemberId, leadership.Term);
            try
            {
                await Task.Delay(Timeout.Infinite, stoppingLeading);
            }
            finally
            {
                record.End(coordinator.MemberId);
            }
        }
    }
}
