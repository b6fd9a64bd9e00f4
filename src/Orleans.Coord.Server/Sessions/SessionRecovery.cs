using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Coord.Grains;
using Orleans.Coord.Internal;
using Orleans.Runtime;

namespace Orleans.Coord.Server.Sessions;

/// <summary>
/// Bounds session expiry after a silo loss. Session grains keep their lease clock in memory; one lost with its silo
/// comes back only when called. So when Orleans declares silos dead, the oldest active silo calls every listed
/// session (<see cref="ISessionGrain.NoticeSilosDeadAsync"/>): the lost ones come back with a fresh TTL and expire one
/// TTL later if their client is gone too, and those whose client ran inside a dead silo expire at once. A silo that
/// finds itself the only active one when it starts (a cluster starting, or restarting on durable state) does the same
/// once, so that sessions whose client did not come back expire one TTL after the restart. Expiry after a
/// client's death is then bounded by the TTL plus the cluster's failure-detection time, instead of waiting for the
/// next call or the backstop reminder. What fails right after the death (a call to a grain whose new activation is not
/// reachable yet) is tried again for a while.
/// </summary>
internal sealed partial class SessionRecovery(
    IClusterMembershipService membership,
    ILocalSiloDetails local,
    IGrainFactory grains,
    ILogger<SessionRecovery> logger) : BackgroundService
{
    /// <summary>How many session grains are called at once.</summary>
    private const int Parallelism = 64;

    /// <summary>How long a sweep tries again what failed.</summary>
    private static readonly TimeSpan SweepRetryWindow = TimeSpan.FromSeconds(20);

    /// <summary>The longest pause between two tries of a sweep.</summary>
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Dictionary<SiloAddress, SiloStatus>? known = null;
        var swept = false;
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                var dead = known is null ? [] : NewlyDead(known, snapshot);
                known = snapshot.Members.ToDictionary(m => m.Key, m => m.Value.Status);
                if (dead.Length > 0 && IsSweeper(snapshot))
                {
                    await SweepAsync(dead, stoppingToken);
                    swept = true;
                }
                else if (!swept && IsOnlyActiveSilo(snapshot))
                {
                    // A cluster that starts (or restarts after every silo died) on durable state: bring every listed
                    // session back now, so that those whose client is gone expire one TTL from now.
                    await SweepAsync([], stoppingToken);
                    swept = true;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static SiloAddress[] NewlyDead(Dictionary<SiloAddress, SiloStatus> known, ClusterMembershipSnapshot snapshot) =>
        snapshot.Members
            .Where(m => m.Value.Status == SiloStatus.Dead && known.TryGetValue(m.Key, out var before) && before != SiloStatus.Dead)
            .Select(m => m.Key)
            .ToArray();

    private bool IsOnlyActiveSilo(ClusterMembershipSnapshot snapshot) =>
        snapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).ToArray() is [var only] && only.Equals(local.SiloAddress);

    /// <summary>One silo sweeps: the active silo with the lowest address (stable, and the same for every silo's view).</summary>
    private bool IsSweeper(ClusterMembershipSnapshot snapshot) =>
        snapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).Order().FirstOrDefault() is { } first
        && first.Equals(local.SiloAddress);

    /// <summary>
    /// Tells every listed session of <paramref name="dead"/>. Right after a silo is declared dead some calls still fail
    /// (a directory bucket or a session grain lived on it and its new activation is not reachable yet), so the listing
    /// and the sessions not yet told are tried again, with growing pauses, for up to <see cref="SweepRetryWindow"/>; what
    /// still fails then is left to the session's backstop reminder and its next call.
    /// </summary>
    private async Task SweepAsync(SiloAddress[] dead, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var pauses = new Backoff(TimeSpan.FromMilliseconds(100), LongestPause);
        var told = new HashSet<Guid>();
        var failed = 0;
        Exception? listingError = null;
        while (true)
        {
            var pending = new List<Guid>();
            try
            {
                var buckets = await Task.WhenAll(NameDirectory.All(grains, NameDirectory.Sessions).Select(b => b.ListAsync()));
                listingError = null;
                pending.AddRange(buckets.SelectMany(b => b)
                    .Select(id => Guid.TryParseExact(id, "N", out var g) ? g : Guid.Empty)
                    .Where(g => g != Guid.Empty && !told.Contains(g)));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                listingError = ex;
            }

            failed = 0;
            await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (id, _) =>
            {
                try
                {
                    await grains.Reference<ISessionGrain>(id).NoticeSilosDeadAsync(dead);
                    lock (told)
                    {
                        told.Add(id);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Interlocked.Increment(ref failed);
                    LogSessionFailed(ex, id);
                }
            });

            if (listingError is null && failed == 0 || Stopwatch.GetElapsedTime(started) >= SweepRetryWindow)
            {
                break;
            }

            await Task.Delay(pauses.Next(), cancellationToken);
        }

        var names = dead.Length == 0 ? "(none: the cluster started)" : string.Join(", ", dead.Select(d => d.ToString()));
        if (listingError is not null)
        {
            LogSweepFailed(listingError, names);
        }

        LogSwept(names, told.Count, failed);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo(s) {Dead} declared dead: {Notified} session(s) told, {Failed} failed")]
    private partial void LogSwept(string dead, int notified, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telling session {SessionId} of a silo loss failed; its reminder or next call reaches it")]
    private partial void LogSessionFailed(Exception ex, Guid sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The sessions could not be listed after silo(s) {Dead} died; their reminders or next calls reach them")]
    private partial void LogSweepFailed(Exception ex, string dead);
}
