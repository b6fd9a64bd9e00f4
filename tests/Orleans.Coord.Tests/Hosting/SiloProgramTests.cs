namespace Orleans.Coord.Tests.Hosting;

/// <summary>
/// The silo program as a real process (<c>silo/</c>, started with <c>dotnet</c>): its configuration errors, and its
/// start before its redis-server exists (nothing listens on the port until the test starts redis-server there).
/// </summary>
public sealed class SiloProgramTests
{
    public static TheoryData<string[], string, string> BadValues => new()
    {
        { ["--silo-port", "0"], "", "error: Silo:SiloPort must be a port number from 1 to 65535 (got 0)." },
        { ["--Silo:GatewayPort", "abc"], "", "error: Failed to convert configuration value 'abc' at 'Silo:GatewayPort'" },
        { ["--backend-wait", "02:00:00"], "", "error: Silo:BackendWait must be from 0 to 60 min (got 02:00:00)." },
        { ["--backend", "nosuch://x"], "", "error: " },
        { [], "Silo__SiloPort=70000", "error: Silo:SiloPort must be a port number from 1 to 65535 (got 70000)." },
        { ["--bogus", "1"], "", "error: Unknown argument '--bogus'." },
        { ["--http-port", "70000"], "", "error: Silo:HttpPort must be a port number from 1 to 65535, or 0 for no HTTP (got 70000)." },
        { ["--http-port", "abc"], "", "error: Failed to convert configuration value 'abc' at 'Silo:HttpPort'" },
        { ["--http-address", "nope"], "", "error: Silo:HttpAddress must be an IP address (got 'nope')." },
        { ["--Silo:ReadyTimeout", "00:00:00"], "", "error: Silo:ReadyTimeout must be more than 0 and at most 60 s (got 00:00:00)." },
        { ["--grpc-port", "70000"], "", "error: Silo:GrpcPort must be a port number from 1 to 65535, or 0 for no gRPC API (got 70000)." },
        { ["--http-port", "50124", "--grpc-port", "50124"], "", "error: Silo:GrpcPort and Silo:HttpPort must differ (both are 50124)." },
        { ["--grpc-port", "50125", "--Coordination:Grpc:MaxSessions", "0"], "", "error: Coordination:Grpc:MaxSessions must be 1 to 1000000 (got 0)." },
        { [], "Coordination__Locks__LockDelay=00:11:00", "error: Coordination:Locks:LockDelay must be between 0 and 10 min (got 00:11:00)." },
        { [], "Coordination__Locks__PublishEvents=maybe", "error: Failed to convert configuration value 'maybe' at 'Coordination:Locks:PublishEvents'" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task A_bad_value_gives_one_line_and_exit_code_2(string[] args, string environment, string expected)
    {
        var variables = environment.Length == 0 ? null : new Dictionary<string, string> { [environment.Split('=')[0]] = environment.Split('=')[1] };
        await using var silo = SiloProcess.Start(args, 0, 0, variables);
        var exitCode = await silo.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var lines = silo.Log.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, exitCode);
        Assert.StartsWith(expected, lines[0]);
        Assert.Contains(lines, l => l.StartsWith("error:", StringComparison.Ordinal));
        if (!expected.Contains("Unknown argument"))
        {
            Assert.Single(lines);
        }
    }

    [Fact]
    public async Task A_silo_started_before_its_redis_server_starts_once_redis_answers()
    {
        var redisPort = FreePort.Next();
        var (siloPort, gatewayPort) = (FreePort.Next(), FreePort.Next());
        await using var silo = SiloProcess.Start(Arguments(redisPort, siloPort, gatewayPort, "00:01:00"), siloPort, gatewayPort);
        await Poll.UntilAsync(() => silo.Log.Contains($"cannot reach redis at 127.0.0.1:{redisPort}: connection refused"), TimeSpan.FromSeconds(30), () => $"the silo reports the unreachable backend:\n{silo.Log}");
        Assert.False(silo.HasExited);

        await using var redis = await RedisServer.StartAsync(port: redisPort);
        await Poll.UntilAsync(() => silo.Log.Contains("Orleans.Coord silo started"), TimeSpan.FromSeconds(60), () => $"the silo starts:\n{silo.Log}");
        Assert.False(silo.HasExited);
    }

    [Fact]
    public async Task A_silo_whose_redis_never_starts_exits_with_one_line()
    {
        var redisPort = FreePort.Next();
        var (siloPort, gatewayPort) = (FreePort.Next(), FreePort.Next());
        await using var silo = SiloProcess.Start(Arguments(redisPort, siloPort, gatewayPort, "00:00:02"), siloPort, gatewayPort);
        var exitCode = await silo.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(1, exitCode);
        var errors = silo.Log.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToArray();
        Assert.Equal($"error: cannot reach redis at 127.0.0.1:{redisPort}: connection refused (waited 2 s; Silo:BackendWait)", Assert.Single(errors));
        Assert.DoesNotContain("   at ", silo.Log);
    }

    [Fact]
    public async Task With_http_port_0_and_grpc_port_0_the_silo_serves_no_HTTP()
    {
        var (siloPort, gatewayPort) = (FreePort.Next(), FreePort.Next());
        await using var silo = SiloProcess.Start(["--silo-port", $"{siloPort}", "--gateway-port", $"{gatewayPort}", "--http-port", "0"], siloPort, gatewayPort);
        await Poll.UntilAsync(() => silo.Log.Contains("Orleans.Coord silo started"), TimeSpan.FromSeconds(60), () => $"the silo starts:\n{silo.Log}");
        Assert.Contains($"gateway on 127.0.0.1:{gatewayPort}, no HTTP, no gRPC.", silo.Log);
        Assert.DoesNotContain("Now listening on", silo.Log);
        Assert.False(silo.HasExited);
    }

    private static string[] Arguments(int redisPort, int siloPort, int gatewayPort, string wait) =>
        ["--backend", $"redis://127.0.0.1:{redisPort}", "--silo-port", $"{siloPort}", "--gateway-port", $"{gatewayPort}", "--address", "127.0.0.1", "--cluster-id", $"wait-{Guid.NewGuid():N}", "--backend-wait", wait];
}
