using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Coord.Hosting;

namespace Orleans.Coord.Tests.Hosting;

/// <summary>
/// Each backend's round-trip check (<see cref="BackendHealthChecks.For"/>, the one the silo runs before it starts and
/// for <c>/readyz</c>) against a real server: healthy while it runs, unhealthy with the cause once it is gone.
/// </summary>
public sealed class BackendHealthCheckTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Redis_answers_PING_until_the_server_is_killed()
    {
        await using var redis = await RedisServer.StartAsync();
        var url = BackendUrl.Parse(redis.Url);
        await AssertHealthyAsync(url, "answered PING");
        await BackendReachability.CheckAsync(url);

        await redis.KillAsync();
        await AssertUnhealthyAsync(url, $"cannot reach redis at 127.0.0.1:{redis.Port}: connection refused");
    }

    [Fact]
    public async Task PostgreSql_answers_SELECT_1_on_the_database_until_the_server_stops()
    {
        var postgres = await PostgresServer.StartAsync();
        await using var _ = postgres;
        var url = BackendUrl.Parse(postgres.Url);
        await AssertHealthyAsync(url, "answered SELECT 1");
        await AssertUnhealthyAsync(BackendUrl.Parse($"{postgres.Url}-missing"), $"\"{PostgresServer.Database}-missing\" does not exist");

        await postgres.DisposeAsync();
        await AssertUnhealthyAsync(url, $"cannot reach postgresql at 127.0.0.1:{postgres.Port}: connection refused");
        var error = await Assert.ThrowsAsync<BackendUnreachableException>(() => BackendReachability.CheckAsync(url));
        Assert.DoesNotContain(PostgresServer.Password, error.Message);
    }

    [Fact]
    public async Task MariaDb_answers_SELECT_1_until_the_server_stops()
    {
        var mariaDb = await MariaDbServer.StartAsync();
        await using var _ = mariaDb;
        var url = BackendUrl.Parse(mariaDb.Url);
        await AssertHealthyAsync(url, "answered SELECT 1");

        await mariaDb.DisposeAsync();
        await AssertUnhealthyAsync(url, $"cannot reach mysql at 127.0.0.1:{mariaDb.Port}: ");
    }

    [Fact]
    public async Task ZooKeeper_answers_exists_until_the_server_is_killed()
    {
        await using var zooKeeper = ZooKeeperServerProcess.CreateStandalone();
        zooKeeper.Start();
        await zooKeeper.WaitUntilServingAsync(TimeSpan.FromSeconds(60));
        var url = BackendUrl.Parse($"zookeeper://{zooKeeper.Address}/health-{Guid.NewGuid():N}");
        await AssertHealthyAsync(url, "answered exists /");

        await zooKeeper.KillAsync();
        await AssertUnhealthyAsync(url, $"cannot reach zookeeper at {zooKeeper.Address}: no session within 2 s");
    }

    [Fact]
    public async Task A_file_directory_is_usable_when_free_or_creatable_and_held_by_this_silo_while_writable()
    {
        using var folder = new Orleans.Coord.TestServers.Internal.TempFolder("coord-file-health");
        var url = BackendUrl.Parse($"file://{folder.Path}");
        await AssertHealthyAsync(url, $"directory {folder.Path} is usable");
        await AssertHealthyAsync(BackendUrl.Parse($"file://{folder.Path}/new"), "is usable");
        await AssertUnhealthyAsync(BackendUrl.Parse($"file://{folder.Path}/no/parent"), $"cannot use directory {folder.Path}/no/parent: it does not exist, and neither does its parent");
        await BackendReachability.WaitAsync(url, TimeSpan.FromMinutes(1));
        await Assert.ThrowsAsync<BackendUnreachableException>(() => BackendReachability.WaitAsync(BackendUrl.Parse($"file://{folder.Path}/no/parent"), TimeSpan.FromMinutes(1)));

        using var held = new Orleans.Coord.File.Internal.BackendDirectory(folder.Path, Microsoft.Extensions.Logging.Abstractions.NullLogger<Orleans.Coord.File.Internal.BackendDirectory>.Instance);
        held.Open();
        await AssertHealthyAsync(url, $"directory {folder.Path} is held by this silo and writable");
    }

    [Fact]
    public void Localhost_has_nothing_to_check()
    {
        Assert.Null(BackendHealthChecks.For(BackendUrl.Localhost, Timeout));
    }

    private static async Task<HealthCheckResult> CheckAsync(BackendUrl url)
    {
        var check = BackendHealthChecks.For(url, Timeout)!;
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration("backend", check, HealthStatus.Unhealthy, null) };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = await check.CheckHealthAsync(context);
        Assert.True(clock.Elapsed < Timeout + TimeSpan.FromSeconds(4), $"the check took {clock.Elapsed}");
        return result;
    }

    private static async Task AssertHealthyAsync(BackendUrl url, string description)
    {
        var result = await CheckAsync(url);
        Assert.True(result.Status == HealthStatus.Healthy, $"{result.Status}: {result.Description} {result.Exception}");
        Assert.Contains(description, result.Description);
    }

    private static async Task AssertUnhealthyAsync(BackendUrl url, string description)
    {
        var result = await CheckAsync(url);
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains(description, result.Description);
    }
}
