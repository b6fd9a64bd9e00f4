using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Coord.Client;

namespace Orleans.Coord.Chaos;

/// <summary>
/// A client worker process: one cluster client, and a coordinator session (started again whenever it is lost) that
/// joins the group, campaigns in the election (two of the workers), and loops on the lock. Under the lock it increments
/// the shared counter (read, pause, write: not atomic) and writes its fencing token to the register, unless the hold
/// was lost before the write. Every step is a line of its log; a file named <c>stop</c> in the folder stops it cleanly.
/// </summary>
internal sealed class Worker(WorkerArguments args, EventLog log)
{
    private readonly SharedCounter _counter = new(args.CounterPath);
    private readonly FencingRegister _register = new(args.RegisterPath);

    public static async Task<int> RunAsync(WorkerArguments args)
    {
        using var log = new EventLog(args.LogPath, args.WorkerId);
        log.Write(EventKinds.WorkerStarted, message: $"pid {Environment.ProcessId}");
        using var stop = new CancellationTokenSource();
        var stopWatch = Task.Run(async () =>
        {
            while (!System.IO.File.Exists(args.StopPath))
            {
                await Task.Delay(100);
            }

            stop.Cancel();
        });

        using var host = await ClusterConnection.ConnectAsync(args.BackendUrl, args.ClusterId, e => log.Error(e, during: "connect"), stop.Token);
        if (host is not null)
        {
            await new Worker(args, log).LoopAsync(host.Services.GetRequiredService<IClusterClient>(), stop.Token);
            await host.StopAsync(TimeSpan.FromSeconds(5));
        }

        log.Write(EventKinds.Stopped);
        return 0;
    }

    private async Task LoopAsync(IClusterClient client, CancellationToken stop)
    {
        var options = new CoordinatorOptions { SessionTtl = args.SessionTtl };
        while (!stop.IsCancellationRequested)
        {
            ICoordinator coordinator;
            try
            {
                coordinator = await Coordinator.StartAsync(client, args.WorkerId, options, stop);
            }
            catch (Exception e)
            {
                if (!stop.IsCancellationRequested)
                {
                    log.Error(e, during: "session start");
                    await Task.Delay(200, CancellationToken.None);
                }

                continue;
            }

            var session = coordinator.SessionId.ToString("N");
            log.Write(EventKinds.SessionStarted, session);
            using var lostRegistration = coordinator.Lost.Register(() => log.Write(EventKinds.SessionLost, session));
            using var running = CancellationTokenSource.CreateLinkedTokenSource(stop, coordinator.Lost);
            var loops = new List<Task> { JoinAsync(coordinator, session, running.Token), LockLoopAsync(coordinator, session, running.Token) };
            if (args.Campaigns)
            {
                loops.Add(CampaignLoopAsync(coordinator, session, running.Token));
            }

            await Task.WhenAll(loops);
            try
            {
                if (coordinator.IsAlive)
                {
                    await coordinator.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
                }
            }
            catch (Exception e)
            {
                log.Error(e, session, "session stop");
            }

            await coordinator.DisposeAsync();
        }
    }

    private async Task JoinAsync(ICoordinator coordinator, string session, CancellationToken running)
    {
        while (!running.IsCancellationRequested)
        {
            try
            {
                await coordinator.Groups.JoinOrCreateAsync(WorkerArguments.GroupName, default, running);
                log.Write(EventKinds.Joined, session);
                return;
            }
            catch (Exception e) when (!running.IsCancellationRequested)
            {
                log.Error(e, session, "join");
                await Task.Delay(200, CancellationToken.None);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task LockLoopAsync(ICoordinator coordinator, string session, CancellationToken running)
    {
        while (!running.IsCancellationRequested)
        {
            ILockHandle hold;
            log.Write(EventKinds.AcquireRequested, session);
            try
            {
                hold = await coordinator.Locks.AcquireAsync(WorkerArguments.LockName, TimeSpan.FromSeconds(30), running);
            }
            catch (Exception e)
            {
                if (!running.IsCancellationRequested)
                {
                    log.Error(e, session, "acquire");
                    await Task.Delay(100, CancellationToken.None);
                }

                continue;
            }

            var token = hold.FencingToken;
            log.Write(EventKinds.Granted, session, token);
            using (hold.Lost.Register(() => log.Write(EventKinds.HoldLost, session, token)))
            {
                await WriteUnderLockAsync(hold, session);
                log.Write(EventKinds.ReleaseRequested, session, token);
                await UntilDoneAsync(async () => log.Write(EventKinds.Released, session, token, await hold.ReleaseAsync(CancellationToken.None) ? 1 : 0), hold.Lost, running, session, "release");
            }

            await Task.Delay(Random.Shared.Next(0, 20), CancellationToken.None);
        }
    }

    private async Task WriteUnderLockAsync(ILockHandle hold, string session)
    {
        var token = hold.FencingToken;
        var value = _counter.Read();
        await Task.Delay(Random.Shared.Next(2, 10), CancellationToken.None);
        if (hold.Lost.IsCancellationRequested)
        {
            log.Write(EventKinds.WriteSkipped, session, token);
            return;
        }

        _counter.Write(value + 1);
        log.Write(EventKinds.Incremented, session, token, value + 1);
        var (accepted, highest) = _register.Write(token);
        if (!accepted)
        {
            log.Write(new ChaosEvent { Kind = EventKinds.RegisterRejected, Session = session, Token = token, Value = highest });
        }
    }

    /// <summary>
    /// Tries a release or resignation again (every 200 ms) while it fails, until the hold is lost or the session ends
    /// (which releases it): a worker that gave up would wait behind its own hold, or campaign while it still leads.
    /// </summary>
    private async Task UntilDoneAsync(Func<Task> step, CancellationToken lost, CancellationToken running, string session, string what)
    {
        while (true)
        {
            try
            {
                await step();
                return;
            }
            catch (Exception e)
            {
                log.Error(e, session, what);
                if (lost.IsCancellationRequested || running.IsCancellationRequested)
                {
                    return;
                }

                await Task.Delay(200, CancellationToken.None);
            }
        }
    }

    private async Task CampaignLoopAsync(ICoordinator coordinator, string session, CancellationToken running)
    {
        while (!running.IsCancellationRequested)
        {
            ILeadership leadership;
            try
            {
                leadership = await coordinator.Elections.CampaignAsync(WorkerArguments.ElectionName, ReadOnlyMemory<byte>.Empty, running);
            }
            catch (Exception e)
            {
                if (!running.IsCancellationRequested)
                {
                    log.Error(e, session, "campaign");
                    await Task.Delay(100, CancellationToken.None);
                }

                continue;
            }

            var term = leadership.Term;
            log.Write(EventKinds.Elected, session, term);
            using (leadership.Lost.Register(() => log.Write(EventKinds.LeadershipLost, session, term)))
            {
                // Lead for a while, then hand over, so that terms keep moving.
                using var leading = CancellationTokenSource.CreateLinkedTokenSource(running, leadership.Lost);
                try
                {
                    await Task.Delay(Random.Shared.Next(500, 3000), leading.Token);
                }
                catch (OperationCanceledException)
                {
                }

                if (!leadership.Lost.IsCancellationRequested)
                {
                    log.Write(EventKinds.ResignRequested, session, term);
                    await UntilDoneAsync(() => leadership.ResignAsync(CancellationToken.None), leadership.Lost, running, session, "resign");
                }
            }
        }
    }
}
