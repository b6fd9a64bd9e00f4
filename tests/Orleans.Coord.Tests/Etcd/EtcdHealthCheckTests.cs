using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Coord.Etcd.Health;
using Orleans.Coord.Hosting;

namespace Orleans.Coord.Tests.Etcd;

/// <summary>The etcd round-trip check against a real server, an unused port, and a URL with a password.</summary>
[Collection(EtcdServerCollection.Name)]
public sealed class EtcdHealthCheckTests(EtcdServerFixture fixture)
{
    [Fact]
    public async Task A_running_server_is_healthy_through_the_backend_switch()
    {
        var check = BackendHealthChecks.For(BackendUrl.Parse(fixture.Server.Url), TimeSpan.FromSeconds(5));

        var result = await check!.CheckHealthAsync(Context(check));

        Assert.IsType<EtcdBackendHealthCheck>(check);
        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Contains(fixture.Server.Endpoint, result.Description);
    }

    [Fact]
    public async Task An_unreachable_server_fails_within_the_timeout_without_showing_the_password()
    {
        var port = FreePort.Next();
        var check = new EtcdBackendHealthCheck(BackendUrl.Parse($"etcd://root:s3cret@127.0.0.1:{port}/p"), TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();

        var result = await check.CheckHealthAsync(Context(check));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.StartsWith($"cannot reach etcd at 127.0.0.1:{port}: ", result.Description);
        Assert.DoesNotContain("s3cret", result.Description);
        Assert.DoesNotContain("s3cret", result.Exception?.ToString() ?? string.Empty);
    }

    [Fact]
    public void Bad_arguments_are_refused_by_name()
    {
        Assert.Equal("timeout", Assert.Throws<ArgumentOutOfRangeException>(() => new EtcdBackendHealthCheck(BackendUrl.Parse(fixture.Server.Url), TimeSpan.Zero)).ParamName);
        Assert.Equal("url", Assert.Throws<ArgumentException>(() => new EtcdBackendHealthCheck(BackendUrl.Parse("redis://127.0.0.1:6379"), TimeSpan.FromSeconds(1))).ParamName);
    }

    private static HealthCheckContext Context(IHealthCheck check) =>
        new() { Registration = new HealthCheckRegistration("backend", check, HealthStatus.Unhealthy, null) };
}
