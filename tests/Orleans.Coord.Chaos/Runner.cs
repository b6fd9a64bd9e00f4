using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Coord.Client.Inspection;
using Orleans.Runtime;

namespace Orleans.Coord.Chaos;

/// <summary>
/// The chaos run: a real backend server, 3 silo processes and 4–6 worker processes; for the run's duration it injects
/// faults at random from the printed seed (<see cref="FaultSchedule"/>); then it stops the faults, lets the cluster
/// settle, stops the workers cleanly, checks that nothing is left held or joined, and runs the <see cref="Checker"/>.
/// </summary>
internal sealed class Runner(RunOptions options)
{
    private const int SiloCount = 3;

    /// <summary>A worker is killed only after it ran this long: a process still starting holds nothing worth killing.</summary>
    private static readonly TimeSpan WorkerSettleTime = TimeSpan.FromSeconds(10);
    private readonly List<SiloSlot> _silos = [];
    private readonly List<WorkerProcess> _workers = [];
    private readonly Random _random = new(options.Seed);
    private EventLog _log = null!;
    private ChaosBackend _backend = null!;
    private string _clusterId = string.Empty;
    private int _nextWorker;
    private int _siloFaultsInFlight;
    private IClusterClient? _client;

    public async Task<int> RunAsync()
    {
        Directory.CreateDirectory(options.Folder);
        Console.WriteLine($"chaos: seed {options.Seed}, backend {options.Backend}, {options.Duration.TotalSeconds:0} s of faults, {options.Workers} workers, logs in {options.Folder}");
        using (_log = new EventLog(Path.Combine(options.Folder, "runner.jsonl"), "runner"))
        {
            _log.Write(new ChaosEvent { Kind = EventKinds.Settings, Value = (long)options.SessionTtl.TotalMilliseconds, Message = $"seed {options.Seed}; backend {options.Backend}; duration {options.Duration.TotalSeconds:0} s; workers {options.Workers}" });
            await using (_backend = await ChaosBackend.StartAsync(options.Backend))
            {
                _clusterId = $"chaos-{options.Seed}";
                try
                {
                    await RunClusterAsync();
                }
                finally
                {
                    foreach (var worker in _workers)
                    {
                        await worker.KillAsync();
                    }

                    foreach (var silo in _silos)
                    {
                        await silo.DisposeAsync();
                    }
                }
            }
        }

        var report = Checker.Check(EventLog.ReadFolder(options.Folder), SharedCounterValue(options.Folder));
        report.Print(Console.Out);
        return report.Violations == 0 ? 0 : 1;
    }

    /// <summary>The counter the workers incremented, as the checker reads it.</summary>
    public static long SharedCounterValue(string folder) => new SharedCounter(Path.Combine(folder, "counter")).Read();

    private async Task RunClusterAsync()
    {
        for (var i = 0; i < SiloCount; i++)
        {
            _silos.Add(new SiloSlot(i, _backend.Url, _clusterId, options.Folder));
            _silos[i].Start();
        }

        using var connecting = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var host = await ClusterConnection.ConnectAsync(_backend.Url, _clusterId, _ => { }, connecting.Token)
            ?? throw new TimeoutException("The runner's cluster client did not connect within 2 minutes.");
        var client = _client = host.Services.GetRequiredService<IClusterClient>();
        await WaitAsync(async () => _silos.All(s => s.IsUp) && (await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count == SiloCount,
            TimeSpan.FromMinutes(2), "3 silos are active");
        Console.WriteLine($"chaos: {SiloCount} silos up on {_backend.Url}");

        for (var i = 0; i < options.Workers; i++)
        {
            StartWorker(campaigns: i < 2);
        }

        var inspector = new CoordinationInspector(client);
        using var observing = new CancellationTokenSource();
        var observer = new Observer(inspector, _log).RunAsync(observing.Token);
        using var supervising = new CancellationTokenSource();
        var supervisor = SuperviseAsync(supervising.Token);

        await new FaultSchedule(options, _random, this).RunAsync();
        _log.Write(EventKinds.FaultsEnd);
        Console.WriteLine("chaos: faults stopped; settling");

        // Settle: every silo back and active, then a few TTLs for leases of killed workers to run out.
        await WaitAsync(async () => _silos.All(s => s.IsUp) && (await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count == SiloCount,
            TimeSpan.FromMinutes(2), "3 silos are active after the faults");
        await Task.Delay(options.SessionTtl * 2);

        // Stop the workers cleanly.
        await System.IO.File.WriteAllTextAsync(Path.Combine(options.Folder, "stop"), "stop");
        foreach (var worker in _workers.Where(w => !w.HasExited))
        {
            if (!await worker.WaitForExitAsync(TimeSpan.FromSeconds(60)))
            {
                _log.Write(new ChaosEvent { Kind = EventKinds.Error, Error = "WorkerDidNotStop", Message = $"{worker.Id} did not stop within 60 s; killed" });
                await worker.KillAsync();
            }
        }

        supervising.Cancel();
        await supervisor;
        await CheckNothingLeftAsync(inspector);
        observing.Cancel();
        await observer;
        _log.Write(new ChaosEvent { Kind = EventKinds.FinalCounter, Value = SharedCounterValue(options.Folder) });
        await host.StopAsync(TimeSpan.FromSeconds(5));
    }

    /// <summary>After every worker stopped: the lock is free, the group empty and the election without a leader (polled for a few TTLs).</summary>
    private async Task CheckNothingLeftAsync(CoordinationInspector inspector)
    {
        var deadline = DateTime.UtcNow + options.SessionTtl * 3 + TimeSpan.FromSeconds(10);
        while (true)
        {
            try
            {
                var locks = await inspector.GetLockAsync(WorkerArguments.LockName);
                var group = await inspector.GetGroupAsync(WorkerArguments.GroupName);
                var election = await inspector.GetElectionAsync(WorkerArguments.ElectionName);
                var held = locks.Sum(l => l.Holders.Count + l.Waiters.Count);
                var members = group?.Members.Select(m => m.MemberId).ToList() ?? [];
                var leaders = election?.Holders.Select(h => h.MemberId).ToList() ?? [];
                if ((held == 0 && members.Count == 0 && leaders.Count == 0) || DateTime.UtcNow > deadline)
                {
                    _log.Write(new ChaosEvent { Kind = EventKinds.FinalLock, Value = held, Members = locks.SelectMany(l => l.Holders.Select(h => h.MemberId)).ToList() });
                    _log.Write(new ChaosEvent { Kind = EventKinds.FinalMembers, Value = members.Count, Members = members });
                    _log.Write(new ChaosEvent { Kind = EventKinds.FinalLeader, Value = leaders.Count, Members = leaders });
                    return;
                }
            }
            catch (Exception e) when (DateTime.UtcNow < deadline)
            {
                _log.Error(e, during: "final inspection");
            }

            await Task.Delay(500);
        }
    }

    /// <summary>Restarts a silo that exited by itself (a silo declared dead while paused stops when it resumes).</summary>
    private async Task SuperviseAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            foreach (var silo in _silos.Where(s => s.Process is { HasExited: true } && !s.IsPaused && !s.IsRestarting))
            {
                silo.IsRestarting = true;
                silo.SaveLog();
                _log.Write(new ChaosEvent { Kind = EventKinds.SiloExited, Target = silo.Name });
                await Task.Delay(1000, CancellationToken.None);
                silo.Start();
                silo.IsRestarting = false;
                _log.Write(new ChaosEvent { Kind = EventKinds.SiloRestart, Target = silo.Name });
            }

            try
            {
                await Task.Delay(200, stop);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    internal IReadOnlyList<SiloSlot> Silos => _silos;

    internal EventLog Log => _log;

    /// <summary>
    /// True when no silo fault is under way and every silo is up and active in the cluster's membership (a silo declared
    /// dead during a pause is not, until it has stopped and started again): a new silo fault leaves two silos running.
    /// </summary>
    internal async Task<bool> CanHitASiloAsync()
    {
        if (Volatile.Read(ref _siloFaultsInFlight) != 0 || !_silos.All(s => s.IsUp))
        {
            return false;
        }

        try
        {
            var active = await _client!.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(5));
            return _silos.All(s => active.Keys.Any(a => a.Endpoint.Port == s.SiloPort));
        }
        catch (Exception)
        {
            return false;
        }
    }

    /// <summary>kill -9 of a silo, started again on the same ports after <paramref name="downFor"/>.</summary>
    internal async Task KillSiloAsync(SiloSlot silo, TimeSpan downFor)
    {
        Interlocked.Increment(ref _siloFaultsInFlight);
        try
        {
            silo.IsRestarting = true;
            _log.Write(new ChaosEvent { Kind = EventKinds.SiloKill, Target = silo.Name });
            await silo.KillAsync();
            await Task.Delay(downFor);
            silo.Start();
            silo.IsRestarting = false;
            _log.Write(new ChaosEvent { Kind = EventKinds.SiloRestart, Target = silo.Name });
            await WaitAsync(() => Task.FromResult(silo.IsUp || silo.Process!.HasExited), TimeSpan.FromSeconds(60), $"{silo.Name} is up");
        }
        finally
        {
            Interlocked.Decrement(ref _siloFaultsInFlight);
        }
    }

    /// <summary>SIGSTOP of a silo for <paramref name="pausedFor"/> (longer than the TTL), then SIGCONT.</summary>
    internal async Task PauseSiloAsync(SiloSlot silo, TimeSpan pausedFor)
    {
        Interlocked.Increment(ref _siloFaultsInFlight);
        try
        {
            _log.Write(new ChaosEvent { Kind = EventKinds.SiloPause, Target = silo.Name, Value = (long)pausedFor.TotalMilliseconds });
            silo.Pause();
            await Task.Delay(pausedFor);
            silo.Resume();
            _log.Write(new ChaosEvent { Kind = EventKinds.SiloResume, Target = silo.Name });

            // A silo the cluster declared dead meanwhile stops by itself; the supervisor starts it again.
            await WaitAsync(() => Task.FromResult(silo.IsUp), TimeSpan.FromSeconds(90), $"{silo.Name} is up after its pause");
        }
        finally
        {
            Interlocked.Decrement(ref _siloFaultsInFlight);
        }
    }

    /// <summary>kill -9 of a worker, replaced by a new one (a new member id) after <paramref name="replaceAfter"/>.</summary>
    internal async Task KillWorkerAsync(int index, TimeSpan replaceAfter)
    {
        var worker = _workers[index];
        if (DateTime.UtcNow - worker.StartedAt < WorkerSettleTime)
        {
            return;
        }

        _log.Write(new ChaosEvent { Kind = EventKinds.WorkerKill, Target = worker.Id, Member = worker.Id });
        await worker.KillAsync();
        await Task.Delay(replaceAfter);
        _workers[index] = StartWorker(worker.Arguments.Campaigns, index);
    }

    internal int WorkerCount => _workers.Count;

    /// <summary>kill -9 of the backend server, started again on its data after <paramref name="downFor"/>.</summary>
    internal async Task RestartBackendAsync(TimeSpan downFor)
    {
        _log.Write(new ChaosEvent { Kind = EventKinds.BackendKill, Target = _backend.Name });
        await _backend.KillAsync();
        await Task.Delay(downFor);
        await _backend.StartAgainAsync();
        _log.Write(new ChaosEvent { Kind = EventKinds.BackendBack, Target = _backend.Name });
    }

    private WorkerProcess StartWorker(bool campaigns, int? replacing = null)
    {
        var id = $"w{++_nextWorker}";
        var worker = WorkerProcess.Start(new WorkerArguments(_backend.Url, _clusterId, id, options.Folder, options.SessionTtl, campaigns));
        _log.Write(new ChaosEvent { Kind = EventKinds.WorkerStart, Target = id, Member = id });
        if (replacing is null)
        {
            _workers.Add(worker);
        }

        return worker;
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not true within {timeout.TotalSeconds:0} s: {what}.");
            }

            await Task.Delay(200);
        }
    }
}
