using System.Diagnostics;

namespace Orleans.Coord.Chaos;

/// <summary>
/// Which fault comes when, drawn from the run's seeded <see cref="Random"/>: every 2–4 s one of a silo kill (restarted
/// after 1–4 s on the same ports; 75 %), a worker kill (replaced after 0.5–2 s by a new member; 10 %), a silo SIGSTOP for
/// the session TTL plus 1–3 s (10 %), or a backend server kill (restarted after 1–3 s on its data; 5 %, at most one a
/// minute). At most one silo is down or paused at a time, so two keep running: a silo fault waits until every silo is
/// up and active in the cluster's membership again. Every run has at least one pause and one backend restart (at a quarter and at half of its time), and a run
/// of five minutes or more a backend restart at least every four minutes.
/// </summary>
internal sealed class FaultSchedule(RunOptions options, Random random, Runner runner)
{
    private static readonly TimeSpan BackendSpacing = TimeSpan.FromSeconds(60);

    public async Task RunAsync()
    {
        var clock = Stopwatch.StartNew();
        var inFlight = new List<Task>();
        var paused = false;
        var backendRestarts = 0;
        var lastBackendRestart = TimeSpan.Zero;
        while (clock.Elapsed < options.Duration)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(2000, 4000)));
            if (clock.Elapsed >= options.Duration)
            {
                break;
            }

            var progress = clock.Elapsed / options.Duration;
            var backendDue = (backendRestarts == 0 && progress >= 0.5)
                || (options.Duration >= TimeSpan.FromMinutes(5) && clock.Elapsed - lastBackendRestart > TimeSpan.FromMinutes(4));
            var draw = random.NextDouble();
            if (backendDue || (draw >= 0.95 && clock.Elapsed - lastBackendRestart > BackendSpacing))
            {
                await runner.RestartBackendAsync(TimeSpan.FromMilliseconds(random.Next(1000, 3000)));
                backendRestarts++;
                lastBackendRestart = clock.Elapsed;
            }
            else if ((!paused && progress >= 0.25) || (draw >= 0.85 && draw < 0.95))
            {
                if (await SiloFreeAsync(clock))
                {
                    var silo = runner.Silos[random.Next(runner.Silos.Count)];
                    inFlight.Add(runner.PauseSiloAsync(silo, options.SessionTtl + TimeSpan.FromMilliseconds(random.Next(1000, 3000))));
                    paused = true;
                }
            }
            else if (draw < 0.75)
            {
                if (await SiloFreeAsync(clock))
                {
                    var silo = runner.Silos[random.Next(runner.Silos.Count)];
                    inFlight.Add(runner.KillSiloAsync(silo, TimeSpan.FromMilliseconds(random.Next(1000, 4000))));
                }
            }
            else if (draw < 0.85)
            {
                await runner.KillWorkerAsync(random.Next(runner.WorkerCount), TimeSpan.FromMilliseconds(random.Next(500, 2000)));
            }

            inFlight.RemoveAll(t => t.IsCompleted && (t.Exception is null ? true : throw t.Exception));
        }

        await Task.WhenAll(inFlight);
    }

    /// <summary>Waits (within the run's time) until no silo fault is under way and every silo is up and active again.</summary>
    private async Task<bool> SiloFreeAsync(Stopwatch clock)
    {
        while (!await runner.CanHitASiloAsync())
        {
            if (clock.Elapsed >= options.Duration)
            {
                return false;
            }

            await Task.Delay(250);
        }

        return true;
    }
}
