using System.Collections.Concurrent;
using Orleans.Coord.Grains;
using Orleans.Coord.Server.Leases;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.Runtime;
using Orleans.TestingHost;
using Orleans.Coord.Client;

namespace Orleans.Coord.Tests.Locks;

/// <summary>
/// Killing the silo that hosts a lock grain keeps the hold: the state and the fencing counter are in storage that
/// survives the silo, so the holder keeps the lock, others are still refused, and tokens keep increasing. Waiting
/// requests behind the stored head of the queue lose their place with the silo and queue again at their re-check.
/// </summary>
public sealed class LockSiloLossTests : IAsyncLifetime
{
    private static readonly CoordinatorOptions Options = new() { SessionTtl = TimeSpan.FromSeconds(30) };
    private CoordCluster _coord = null!;

    public async Task InitializeAsync() => _coord = await CoordCluster.StartAsync();

    public async Task DisposeAsync() => await _coord.DisposeAsync();

    [Fact]
    public async Task Killing_the_silo_hosting_the_lock_grain_keeps_the_hold_and_the_token_order()
    {
        // Clients only talk to the primary silo, which is never the one killed here.
        var client = await _coord.ClientOnSiloAsync(0);
        await using var a = await Coordinator.StartAsync(client, "a", Options);
        await using var b = await Coordinator.StartAsync(client, "b", Options);
        var (name, victim) = await FindLockHostedAwayFromPrimaryAsync(client);
        var held = await a.Locks.AcquireAsync(name, TimeSpan.FromSeconds(10));

        await _coord.Cluster.KillSiloAsync(victim);

        await UntilAnswersAsync(async () =>
        {
            await a.Locks.GetHolderAsync(name);
            return true;
        }, "the lock grain answers again after the silo loss");

        // The grain really moved: its activation now lives on a surviving silo.
        var moved = await client.GetGrain<IManagementGrain>(0).GetActivationAddress(client.GetGrain<ILockGrain>(name));
        Assert.NotEqual(victim.SiloAddress, moved);

        var holder = await a.Locks.GetHolderAsync(name);
        Assert.Equal(("a", a.SessionId, held.FencingToken), (holder!.MemberId, holder.SessionId, holder.Token));
        Assert.Null(await b.Locks.TryAcquireAsync(name));
        Assert.True(await a.Locks.IsStillOwnerAsync(name, held.FencingToken));
        Assert.False(held.Lost.IsCancellationRequested);

        Assert.True(await held.ReleaseAsync());
        await using var next = await b.Locks.TryAcquireAsync(name);
        Assert.NotNull(next);
        Assert.True(next.FencingToken > held.FencingToken);
    }

    [Fact]
    public async Task Killing_the_silo_hosting_a_long_queue_grants_every_waiter_once_in_token_order()
    {
        var client = await _coord.ClientOnSiloAsync(0);
        await using var a = await Coordinator.StartAsync(client, "a", Options);
        var (name, victim) = await FindLockHostedAwayFromPrimaryAsync(client);
        var held = await a.Locks.AcquireAsync(name, TimeSpan.FromSeconds(10));
        var waiters = new List<ICoordinator>();
        var grants = new ConcurrentQueue<(string Member, long Token)>();
        var pending = new List<Task>();
        try
        {
            // More waiters than a write stores: the last three have their place only in the activation that dies.
            for (var i = 0; i < LeaseQueueState.StoredWaiters + 3; i++)
            {
                var waiter = await Coordinator.StartAsync(client, $"w{i}", Options);
                waiters.Add(waiter);
                pending.Add(Task.Run(async () =>
                {
                    await using var handle = await waiter.Locks.AcquireAsync(name, TimeSpan.FromMinutes(2));
                    grants.Enqueue((waiter.MemberId, handle.FencingToken));
                }));
                var queued = pending.Count;
                await Poll.UntilAsync(async () => await client.GetGrain<ILockGrain>(name).GetQueueLengthAsync() == queued, TimeSpan.FromSeconds(30), $"{queued} request(s) are queued");
            }

            await _coord.Cluster.KillSiloAsync(victim);
            await UntilAnswersAsync(() => a.Locks.IsStillOwnerAsync(name, held.FencingToken), "the lock grain answers again after the silo loss, with the hold kept");

            Assert.True(await held.ReleaseAsync());
            await Task.WhenAll(pending).WaitAsync(TimeSpan.FromMinutes(2));

            Assert.Equal(waiters.Select(w => w.MemberId).Order(), grants.Select(g => g.Member).Order());
            var tokens = grants.Select(g => g.Token).Prepend(held.FencingToken).ToArray();
            Assert.Equal(tokens.Order(), tokens);
            Assert.Equal(tokens.Length, tokens.Distinct().Count());
        }
        finally
        {
            foreach (var waiter in waiters)
            {
                await waiter.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Polls <paramref name="probe"/> (each try bounded to 5 s, an error counting as false) until it answers true, for
    /// at most 60 s: the grain answers again once the cluster has declared the killed silo dead.
    /// </summary>
    private static Task UntilAnswersAsync(Func<Task<bool>> probe, string description) =>
        Poll.UntilAsync(async () =>
        {
            try
            {
                return await probe().WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), description);

    /// <summary>Activates lock grains through clients of the non-primary silos until one is hosted away from the primary.</summary>
    private async Task<(string Name, SiloHandle Victim)> FindLockHostedAwayFromPrimaryAsync(IClusterClient client)
    {
        var management = client.GetGrain<IManagementGrain>(0);
        var primary = _coord.Cluster.Primary!.SiloAddress;
        var activators = new[] { await _coord.ClientOnSiloAsync(1), await _coord.ClientOnSiloAsync(2) };
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var name = $"loss-{attempt}-{Guid.NewGuid():N}";
            await activators[attempt % 2].GetGrain<ILockGrain>(name).GetHolderAsync();
            var host = await management.GetActivationAddress(client.GetGrain<ILockGrain>(name));
            var victim = _coord.Cluster.Silos.FirstOrDefault(s => s.SiloAddress.Equals(host) && !s.SiloAddress.Equals(primary));
            if (victim is not null)
            {
                return (name, victim);
            }
        }

        throw new InvalidOperationException("No lock grain was placed away from the primary silo in 50 tries.");
    }
}
