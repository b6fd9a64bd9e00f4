using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Coord;
using Orleans.Coord.Client;
using Orleans.Coord.Groups;
using Orleans.Coord.ClientSample;
using Orleans.Coord.Hosting;
using Orleans.Coord.Hosting.Tls;
using Microsoft.Extensions.Configuration;

// A tour of Orleans.Coord from an external process. First the explicit way (Coordinator.StartAsync): join a group, watch
// it, list members, update capabilities, leave, take a lock, win an election. Then the hosted way (HostedTour.cs).
string? backendText = Environment.GetEnvironmentVariable("ORLEANS_COORD_BACKEND");
IPEndPoint? gateway = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--backend" when i + 1 < args.Length:
            backendText = args[++i];
            break;
        case "--gateway" when i + 1 < args.Length && IPEndPoint.TryParse(args[i + 1], out var endpoint):
            gateway = endpoint;
            i++;
            break;
        default:
            Console.Error.WriteLine($"error: unknown or incomplete argument '{args[i]}'.\nusage: Orleans.Coord.ClientSample [--backend URL] [--gateway host:port]");
            return 2;
    }
}

BackendUrl backend;
try
{
    backend = BackendUrl.Parse(backendText ?? "localhost");
}
catch (FormatException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}

var where = gateway?.ToString() ?? (backend.Kind is BackendKind.Localhost or BackendKind.File ? "127.0.0.1:30000" : backend.ToString());
// TLS from the environment: Coordination__Tls__CertificatePath, __KeyPath and __TrustedCaPath (docs/operations.md).
var tls = new ConfigurationBuilder().AddEnvironmentVariables().Build().GetSection(CoordTlsOptions.SectionName).Get<CoordTlsOptions>() ?? new CoordTlsOptions();
void ConfigureClient(IClientBuilder client)
{
    client.UseCoordTls(tls);
    if (gateway is not null)
    {
        client.UseStaticClustering(gateway).AddCoordStreams();
    }
    else
    {
        client.UseCoordBackend(backend);
    }
}

using var host = Host.CreateDefaultBuilder()
    .ConfigureLogging(l => l.ClearProviders())
    .UseOrleansClient(ConfigureClient)
    .Build();

try
{
    using var connectTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
    await host.StartAsync(connectTimeout.Token);
}
catch (Exception ex)
{
    Console.Error.WriteLine($"error: no Orleans.Coord silo is reachable at {where} ({ex.GetType().Name}: {ex.Message.Split('\n')[0]}). Start one with: dotnet run --project silo");
    return 1;
}

var client = host.Services.GetRequiredService<IClusterClient>();
const string group = "sample-workers";
Console.WriteLine($"connected to {where}");

await using var me = await Coordinator.StartAsync(client, $"sample-{Environment.ProcessId}");
Console.WriteLine($"session {me.SessionId:N} started as '{me.MemberId}' (TTL {me.Options.SessionTtl.TotalSeconds:0} s)");
await me.Groups.JoinOrCreateAsync(group, new { role = "sample", cores = Environment.ProcessorCount });
Console.WriteLine($"joined group '{group}'");

await using var watch = await me.Groups.OpenWatchAsync(group);
Console.WriteLine($"watching '{group}' from version {watch.Snapshot.Version}: {string.Join(", ", watch.Snapshot.Members.Select(m => m.MemberId))}");
using var stopWatching = new CancellationTokenSource();
var seen = new List<GroupEvent>();
var printer = Task.Run(async () =>
{
    try
    {
        await foreach (var e in watch.ReadEventsAsync(stopWatching.Token))
        {
            lock (seen)
            {
                seen.Add(e);
            }

            Console.WriteLine($"  event v{e.Version}: {e.MemberId} {e.Kind} ({e.Reason})");
        }
    }
    catch (OperationCanceledException)
    {
    }
});

// A second session, as another process would be: it joins, then stops cleanly.
await using (var peer = await Coordinator.StartAsync(client, $"sample-peer-{Environment.ProcessId}"))
{
    await peer.Groups.JoinAsync(group, "peer"u8.ToArray());
    var members = await me.Groups.GetMembersAsync(group);
    Console.WriteLine($"members now: {string.Join(", ", members.Select(m => $"{m.MemberId} (joined {m.JoinedAt:HH:mm:ss.fff})"))}");
}

await me.Groups.UpdateCapabilitiesAsync(group, new { role = "sample", cores = Environment.ProcessorCount, busy = true });
var info = await me.Groups.GetMemberAsync(group, me.MemberId);
Console.WriteLine($"updated capabilities: {System.Text.Encoding.UTF8.GetString(info.Capabilities)}");
await me.Groups.LeaveAsync(group);
Console.WriteLine($"left group '{group}'; is member up: {await me.Groups.IsMemberUpAsync(group, me.MemberId)}");

// Wait (bounded) until the watch has shown our own leave, then stop.
var deadline = DateTime.UtcNow.AddSeconds(10);
while (DateTime.UtcNow < deadline)
{
    lock (seen)
    {
        if (seen.Any(e => e.MemberId == me.MemberId && e.Kind == GroupEventKind.Left))
        {
            break;
        }
    }

    await Task.Delay(20);
}

stopWatching.Cancel();
await printer;

// Locks: the holder passes its fencing token to the resource it protects; a second session waits in line and gets the
// lock, with a higher token, the moment the first releases it.
const string lockName = "sample-migration";
await using (var first = await me.Locks.AcquireAsync(lockName, TimeSpan.FromSeconds(10)))
{
    Console.WriteLine($"lock '{lockName}' acquired by {me.MemberId}, fencing token {first.FencingToken}");
    await using var other = await Coordinator.StartAsync(client, $"sample-waiter-{Environment.ProcessId}");
    var waiting = other.Locks.AcquireAsync(lockName, TimeSpan.FromSeconds(10));
    var retry = await me.Locks.TryAcquireAsync(lockName);
    Console.WriteLine($"{other.MemberId} is waiting for '{lockName}'; a second try by {me.MemberId} is {(retry is null ? "refused (not re-entrant)" : "granted")}");
    await first.ReleaseAsync();
    Console.WriteLine($"{me.MemberId} released '{lockName}'");
    await using var second = await waiting;
    Console.WriteLine($"lock '{lockName}' granted to {other.MemberId}, fencing token {second.FencingToken}");
}

// Elections: the first campaigner leads with term T; a second waits and takes over, with a higher term, when the
// first resigns.
const string election = "sample-scheduler";
await using (var rival = await Coordinator.StartAsync(client, $"sample-rival-{Environment.ProcessId}"))
{
    var leadership = await me.Elections.CampaignAsync(election, System.Text.Encoding.UTF8.GetBytes(me.MemberId));
    Console.WriteLine($"{me.MemberId} leads '{election}' with term {leadership.Term}");
    var campaign = rival.Elections.CampaignAsync(election, System.Text.Encoding.UTF8.GetBytes(rival.MemberId));
    Console.WriteLine($"{rival.MemberId} is campaigning; leader now: {(await rival.Elections.GetLeaderAsync(election))?.MemberId}");
    await leadership.ResignAsync();
    Console.WriteLine($"{me.MemberId} resigned");
    await using var next = await campaign;
    Console.WriteLine($"{rival.MemberId} leads '{election}' with term {next.Term}");
}

await me.StopAsync();
Console.WriteLine("session stopped");
await host.StopAsync();

await HostedTour.RunAsync(ConfigureClient);
Console.WriteLine("bye");
return 0;
