using Orleans.Coord.Client;
using Orleans.Coord.Etcd.Internal;
using Orleans.Coord.Etcd.Options;
using Orleans.Coord.Tests.Conformance;
using Orleans.Coord.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.Coord.Tests.Etcd;

/// <summary>
/// The etcd server is killed (SIGKILL) while sessions contend for one lock on a TestingHost silo, and started again on
/// the same data directory once a lock call has failed for want of it: afterwards the lock keeps granting, and every
/// fencing token observed, before and after, is higher than the one granted before it.
/// </summary>
public sealed class EtcdServerRestartTests(ITestOutputHelper output)
{
    private static readonly CoordinatorOptions Options = new() { SessionTtl = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task Locks_keep_working_and_tokens_keep_increasing_across_an_etcd_restart()
    {
        await using var server = await EtcdServer.StartAsync();
        var url = server.UrlWith("restart");
        await using var cluster = await CoordCluster.StartAsync(1, b => BackendConfigurators.Apply(b, url));
        var client = cluster.Cluster.Client;
        var coordinators = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => Coordinator.StartAsync(client, "worker-" + i, Options)));
        var tokens = new List<long>();
        var failures = 0;
        var restarted = false;
        var grantsAfterRestart = 0;
        using var stop = new CancellationTokenSource();

        async Task WorkAsync(ICoordinator coordinator)
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await using var handle = await coordinator.Locks.AcquireAsync("restart-lock", TimeSpan.FromSeconds(10));
                    lock (tokens)
                    {
                        // Appended while the lock is held: the list is in grant order.
                        tokens.Add(handle.FencingToken);
                        if (Volatile.Read(ref restarted))
                        {
                            grantsAfterRestart++;
                        }
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
                {
                    Interlocked.Increment(ref failures);
                    output.WriteLine($"{coordinator.MemberId}: {ex.GetType().Name}: {ex.Message}");
                    await Task.Delay(50);
                }
            }
        }

        // The sessions' backstop reminders are durable: they are keys in etcd.
        using (var connection = new EtcdConnection(EtcdOptions.From(BackendUrl.Parse(url))))
        {
            await Poll.UntilAsync(
                async () => (await connection.GetPrefixAsync("/restart/")).Kvs.Count(kv => kv.Key.ToStringUtf8().Contains("/reminders/", StringComparison.Ordinal)) >= coordinators.Length,
                TimeSpan.FromSeconds(30),
                "a reminder key in etcd for each session");
        }

        var workers = coordinators.Select(WorkAsync).ToArray();
        await Poll.UntilAsync(() => Count(tokens) >= 20, TimeSpan.FromSeconds(30), "20 grants before the restart");
        var beforeRestart = Count(tokens);

        await server.KillAsync();
        await Poll.UntilAsync(() => Volatile.Read(ref failures) > 0, TimeSpan.FromSeconds(45), "a lock call fails while etcd is down");
        var duringOutage = Count(tokens) - beforeRestart;
        await server.StartAgainAsync();
        Volatile.Write(ref restarted, true);
        output.WriteLine($"etcd killed after {beforeRestart} grants, {duringOutage} granted while it was down; {Volatile.Read(ref failures)} failed calls; started again");

        await Poll.UntilAsync(() => { lock (tokens) { return grantsAfterRestart >= 20; } }, TimeSpan.FromSeconds(60), "20 grants after the restart");
        stop.Cancel();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(30));
        foreach (var coordinator in coordinators)
        {
            await coordinator.DisposeAsync();
        }

        lock (tokens)
        {
            output.WriteLine($"{tokens.Count} grants, {failures} failed calls; tokens {tokens[0]}..{tokens[^1]}");
            for (var i = 1; i < tokens.Count; i++)
            {
                Assert.True(tokens[i] > tokens[i - 1], $"grant {i} has token {tokens[i]}, not above the previous {tokens[i - 1]}");
            }
        }

        // A fresh session on the restarted server is granted the lock with a token above all of them.
        await using var late = await Coordinator.StartAsync(client, "late", Options);
        await using var last = await late.Locks.AcquireAsync("restart-lock", TimeSpan.FromSeconds(10));
        Assert.True(last.FencingToken > tokens[^1]);
    }

    private static int Count(List<long> tokens)
    {
        lock (tokens)
        {
            return tokens.Count;
        }
    }
}
