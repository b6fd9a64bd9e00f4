using System.Net;

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
