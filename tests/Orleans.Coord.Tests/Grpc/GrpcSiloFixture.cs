namespace Orleans.Coord.Tests.Grpc;

/// <summary>
/// One real silo process (the <c>silo</c> program, localhost backend) with its gRPC API on a free port, shared by the
/// gRPC tests. Its streams-per-session bound is set low (4) so that the bound can be reached in a test.
/// </summary>
public sealed class GrpcSiloFixture : IAsyncLifetime
{
    public const int MaxStreamsPerSession = 4;

    private SiloProcess? _silo;

    public int GrpcPort { get; private set; }

    public SiloProcess Silo => _silo!;

    public async Task InitializeAsync()
    {
        var siloPort = FreePort.Next();
        var gatewayPort = FreePort.Next();
        GrpcPort = FreePort.Next();
        _silo = SiloProcess.Start(
            ["--silo-port", $"{siloPort}", "--gateway-port", $"{gatewayPort}", "--grpc-port", $"{GrpcPort}",
             "--Coordination:Grpc:MaxStreamsPerSession", $"{MaxStreamsPerSession}"],
            siloPort, gatewayPort);
        using var api = new GrpcApi(GrpcPort);
        await api.WaitUntilServingAsync(_silo);
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class GrpcSiloCollection : ICollectionFixture<GrpcSiloFixture>
{
    public const string Name = "gRPC silo process";
}
