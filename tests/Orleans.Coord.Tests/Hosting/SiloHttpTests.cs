using System.Diagnostics;
using System.Net;
using Orleans.Coord.Tests.Telemetry;

namespace Orleans.Coord.Tests.Hosting;

/// <summary>
/// The silo program's HTTP endpoints, on a real silo process (<c>silo/</c>) with a free HTTP port: <c>/healthz</c>,
/// <c>/readyz</c> (following a real redis-server that is killed with SIGKILL and started again on its port),
/// <c>/metrics</c> and the Orleans Dashboard.
/// </summary>
public sealed class SiloHttpTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Healthz_and_the_dashboard_answer_200()
    {
        await using var silo = StartLocalhostSilo(out var http);
        using var client = new HttpClient { BaseAddress = http, Timeout = TimeSpan.FromSeconds(10) };
        await WaitForStatusAsync(client, "/healthz", HttpStatusCode.OK, StartTimeout, silo);

        Assert.Equal("Healthy", (await client.GetStringAsync("/healthz")).Trim());
        using var dashboard = await client.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("Orleans Dashboard", await dashboard.Content.ReadAsStringAsync());
        Assert.Contains($"HTTP on http://127.0.0.1:{http.Port}", silo.Log);
    }

    [Fact]
    public async Task Metrics_are_Prometheus_text_with_Orleans_and_runtime_metrics()
    {
        await using var silo = StartLocalhostSilo(out var http);
        using var client = new HttpClient { BaseAddress = http, Timeout = TimeSpan.FromSeconds(10) };
        await WaitForStatusAsync(client, "/readyz", HttpStatusCode.OK, StartTimeout, silo);

        string text = "";
        await Poll.UntilAsync(
            async () =>
            {
                using var response = await client.GetAsync("/metrics");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.ToString());
                text = await response.Content.ReadAsStringAsync();
                return text.Contains("\norleans_", StringComparison.Ordinal) && text.Contains("\ndotnet_", StringComparison.Ordinal);
            },
            TimeSpan.FromSeconds(30),
            () => $"/metrics has an Orleans metric and a runtime metric:\n{text}");
        Assert.Contains("# TYPE ", text);
    }

    [Fact]
    public async Task After_the_client_sample_runs_metrics_show_its_sessions_joins_grants_handoffs_and_terms()
    {
        await using var silo = StartLocalhostSilo(out var http);
        using var client = new HttpClient { BaseAddress = http, Timeout = TimeSpan.FromSeconds(10) };
        await WaitForStatusAsync(client, "/readyz", HttpStatusCode.OK, StartTimeout, silo);

        // The README's tour: 4 sessions (sample, peer, waiter, rival) and a hosted one; 3 joins (sample, peer, hosted);
        // 3 lock grants (the waiter's a handoff, then the hosted lock); 3 terms (sample, rival, the hosted leader service).
        var (exitCode, output) = await RunClientSampleAsync(silo.GatewayPort);
        Assert.True(exitCode == 0, $"the client sample failed:\n{output}\n{silo.Log}");
        string text = "";
        double Sum(string metric, params (string, string)[] labels) => PrometheusText.Sum(text, metric, labels);
        await Poll.UntilAsync(
            async () =>
            {
                text = await client.GetStringAsync("/metrics");
                return Sum("orleans_coord_session_ends_total") == 5;
            },
            TimeSpan.FromSeconds(30),
            () => $"every session of the sample is counted as ended:\n{text}");
        Assert.Equal(5, Sum("orleans_coord_session_starts_total"));
        Assert.Equal(0, Sum("orleans_coord_session_expirations_total"));
        Assert.Equal(3, Sum("orleans_coord_group_joins_total", ("orleans_coord_primitive", "group")));
        Assert.Equal(3, Sum("orleans_coord_lease_grants_total", ("orleans_coord_primitive", "lock")));
        Assert.Equal(1, Sum("orleans_coord_lease_handoffs_total", ("orleans_coord_primitive", "lock")));
        Assert.Equal(3, Sum("orleans_coord_election_terms_total", ("orleans_coord_primitive", "election")));
        Assert.Equal(0, Sum("orleans_coord_lease_expirations_total"));
        Assert.True(Sum("orleans_coord_storage_write_duration_seconds_count", ("orleans_coord_backend", "localhost"), ("orleans_coord_outcome", "ok")) > 0, text);
    }

    [Fact]
    public async Task Readyz_follows_the_redis_server_killed_and_started_again()
    {
        var redis = await RedisServer.StartAsync();
        await using var _ = redis;
        var (siloPort, gatewayPort, httpPort) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
        await using var silo = SiloProcess.Start(
            ["--backend", redis.Url, "--silo-port", $"{siloPort}", "--gateway-port", $"{gatewayPort}", "--address", "127.0.0.1",
             "--cluster-id", $"http-{Guid.NewGuid():N}", "--http-port", $"{httpPort}"],
            siloPort,
            gatewayPort);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(10) };
        await WaitForStatusAsync(client, "/readyz", HttpStatusCode.OK, StartTimeout, silo);
        Assert.Contains("backend: Healthy", await client.GetStringAsync("/readyz"));

        await redis.KillAsync();
        await WaitForStatusAsync(client, "/readyz", HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(10), silo);
        using (var unready = await client.GetAsync("/readyz"))
        {
            Assert.Contains($"backend: Unhealthy", await unready.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);

        await using var restarted = await RedisServer.StartAsync(port: redis.Port);
        await WaitForStatusAsync(client, "/readyz", HttpStatusCode.OK, TimeSpan.FromSeconds(30), silo);
        Assert.False(silo.HasExited);
    }

    private static SiloProcess StartLocalhostSilo(out Uri http)
    {
        var (siloPort, gatewayPort, httpPort) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
        http = new Uri($"http://127.0.0.1:{httpPort}");
        return SiloProcess.Start(["--silo-port", $"{siloPort}", "--gateway-port", $"{gatewayPort}", "--http-port", $"{httpPort}"], siloPort, gatewayPort);
    }

    private static async Task<(int ExitCode, string Output)> RunClientSampleAsync(int gatewayPort)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(BuildOutput.Dll("client-sample", "Orleans.Coord.ClientSample.dll"));
        start.ArgumentList.Add("--gateway");
        start.ArgumentList.Add($"127.0.0.1:{gatewayPort}");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The client sample did not finish within 2 minutes:\n{await output}\n{await errors}");
        }

        return (process.ExitCode, $"{await output}\n{await errors}");
    }

    /// <summary>Polls <paramref name="path"/> until it answers <paramref name="expected"/> (connection errors count as "not yet").</summary>
    private static async Task WaitForStatusAsync(HttpClient client, string path, HttpStatusCode expected, TimeSpan timeout, SiloProcess silo)
    {
        HttpStatusCode? last = null;
        await Poll.UntilAsync(
            async _ =>
            {
                Assert.False(silo.HasExited, $"the silo exited:\n{silo.Log}");
                using var response = await client.GetAsync(path);
                last = response.StatusCode;
                return response.StatusCode == expected;
            },
            timeout,
            () => $"{path} answers {(int)expected} (last {(last is { } code ? (int)code : "none")}):\n{silo.Log}",
            retryOnError: true);
    }
}
