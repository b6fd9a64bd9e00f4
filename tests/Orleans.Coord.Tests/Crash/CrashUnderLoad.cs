using System.Diagnostics;
using Orleans.Coord.TestServers;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.Runtime;
using Orleans.Coord.Client;

namespace Orleans.Coord.Tests.Crash;

/// <summary>
/// The frame of a crash test under load: sessions that loop on one grain, the silo process hosting that grain, and
/// its SIGKILL once the loops have got going, after which they must get going again.
/// </summary>
internal static class CrashUnderLoad
{
    /// <summary>Starts <paramref name="count"/> sessions named <paramref name="prefix"/>-0, -1, ... on <paramref name="client"/>.</summary>
    public static async Task<List<ICoordinator>> StartSessionsAsync(IClusterClient client, string prefix, int count, CoordinatorOptions options)
    {
        var sessions = new List<ICoordinator>();
        for (var i = 0; i < count; i++)
        {
            sessions.Add(await Coordinator.StartAsync(client, $"{prefix}-{i}", options));
        }

        return sessions;
    }

    /// <summary>The silo hosting <paramref name="grain"/>'s activation (call the grain first so that it has one).</summary>
    public static async Task<SiloAddress> HostOfAsync(IClusterClient client, IAddressable grain) =>
        await client.GetGrain<IManagementGrain>(0).GetActivationAddress(grain)
        ?? throw new InvalidOperationException($"{grain.GetGrainId()} has no activation.");

    /// <summary>
    /// Waits until <paramref name="answered"/> reaches <paramref name="before"/>, kills the process of
    /// <paramref name="host"/> with SIGKILL, then waits for <paramref name="after"/> more answers.
    /// </summary>
    public static async Task<Kill> KillDuringAsync(
        SiloProcessCluster cluster, SiloAddress host, Func<long> answered, int before, int after, string what)
    {
        await Poll.UntilAsync(() => answered() >= before, TimeSpan.FromSeconds(60), $"{before} {what} before the kill");
        var victim = cluster.ProcessOf(host);
        var atKill = answered();
        var killedAt = Stopwatch.GetTimestamp();
        victim.Crash();
        await Poll.UntilAsync(() => answered() >= atKill + after, TimeSpan.FromSeconds(90), $"{after} {what} after the kill");
        return new Kill(victim, atKill, killedAt);
    }

    /// <summary>The process killed, how many answers had come before, and when (a <see cref="Stopwatch"/> timestamp).</summary>
    public sealed record Kill(SiloProcess Victim, long AnsweredAtKill, long KilledAt);
}
