namespace Orleans.Coord.Tests.Cli;

/// <summary>A silo process on the localhost backend (state in its memory), on free loopback ports.</summary>
public sealed class LocalhostCliSilo : CliSilo
{
    protected override Task<SiloProcess> StartSiloAsync()
    {
        var (siloPort, gatewayPort) = (FreePort.Next(), FreePort.Next());
        return Task.FromResult(SiloProcess.Start(["--silo-port", $"{siloPort}", "--gateway-port", $"{gatewayPort}"], siloPort, gatewayPort));
    }
}
