using Grpc.Core;
using Grpc.Net.Client;
using Orleans.Coord.Grpc.V1;
using V1 = Orleans.Coord.Grpc.V1;

namespace Orleans.Coord.Tests.Grpc;

/// <summary>A .NET client of a silo's gRPC API (stubs generated from the service's protos) and small helpers for tests.</summary>
internal sealed class GrpcApi : IDisposable
{
    public const string ErrorTypeKey = "coord-error-type";

    public GrpcApi(int port)
    {
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        Sessions = new V1.Sessions.SessionsClient(Channel);
        Groups = new V1.Groups.GroupsClient(Channel);
        Locks = new V1.Locks.LocksClient(Channel);
        Elections = new V1.Elections.ElectionsClient(Channel);
    }

    public GrpcChannel Channel { get; }

    public V1.Sessions.SessionsClient Sessions { get; }

    public V1.Groups.GroupsClient Groups { get; }

    public V1.Locks.LocksClient Locks { get; }

    public V1.Elections.ElectionsClient Elections { get; }

    /// <summary>Starts a session and returns its id.</summary>
    public async Task<string> StartSessionAsync(string memberId, TimeSpan? ttl = null) =>
        (await Sessions.StartSessionAsync(new StartSessionRequest { MemberId = memberId, TtlMs = (uint)(ttl ?? TimeSpan.FromSeconds(30)).TotalMilliseconds })).SessionId;

    /// <summary>Waits (bounded) until the silo answers gRPC calls.</summary>
    public async Task WaitUntilServingAsync(SiloProcess silo)
    {
        await Poll.UntilAsync(async _ =>
        {
            if (silo.HasExited)
            {
                throw new InvalidOperationException($"The silo process exited:\n{silo.Log}");
            }

            await Sessions.StartSessionAsync(new StartSessionRequest { MemberId = "probe", TtlMs = 1000 }, deadline: DateTime.UtcNow.AddSeconds(5));
            return true;
        }, TimeSpan.FromSeconds(90), "the silo's gRPC API answers", retryOnError: true);
    }

    /// <summary>Runs <paramref name="call"/>, which must fail; returns the status code and the error type trailer.</summary>
    public static async Task<(StatusCode Code, string? Type, string Detail)> FailureOfAsync(Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        return (error.StatusCode, error.Trailers.GetValue(ErrorTypeKey), error.Status.Detail);
    }

    public void Dispose() => Channel.Dispose();
}
