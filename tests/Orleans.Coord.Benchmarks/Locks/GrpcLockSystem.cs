using Grpc.Net.Client;
using Orleans.Coord.Grpc.V1;
using V1 = Orleans.Coord.Grpc.V1;

namespace Orleans.Coord.Benchmarks.Locks;

/// <summary>
/// Orleans.Coord's exclusive lock through the silo's gRPC API (the "grpc" caller): one channel over loopback HTTP/2,
/// one gRPC session per contender; a hold is released with <c>Release</c>. The session is never renewed, so it has the
/// longest TTL the API takes (<see cref="SessionTtlMs"/>), longer than any scenario that uses it.
/// </summary>
internal sealed class GrpcLockSystem(GrpcChannel channel) : ILockSystem
{
    /// <summary>The longest session TTL the gRPC API accepts: 10 minutes.</summary>
    public const uint SessionTtlMs = 600_000;

    public string System => "orleans-coord";

    public static GrpcLockSystem Connect(int port) => new(GrpcChannel.ForAddress($"http://127.0.0.1:{port}"));

    public async Task<ILockContender> StartContenderAsync(string id)
    {
        var sessions = new V1.Sessions.SessionsClient(channel);
        var session = (await sessions.StartSessionAsync(new StartSessionRequest { MemberId = id, TtlMs = SessionTtlMs })).SessionId;
        return new Contender(sessions, new V1.Locks.LocksClient(channel), session);
    }

    public ValueTask DisposeAsync()
    {
        channel.Dispose();
        return ValueTask.CompletedTask;
    }

    private sealed class Contender(V1.Sessions.SessionsClient sessions, V1.Locks.LocksClient locks, string session) : ILockContender
    {
        public async Task<(IAsyncDisposable, long?)> AcquireAsync(string name, TimeSpan timeout)
        {
            var grant = await locks.AcquireAsync(new AcquireRequest { SessionId = session, Name = name, TimeoutMs = (long)timeout.TotalMilliseconds });
            return (new Hold(locks, new HoldRequest { SessionId = session, Name = name, FencingToken = grant.FencingToken }), grant.FencingToken);
        }

        public async ValueTask DisposeAsync() => await sessions.EndSessionAsync(new EndSessionRequest { SessionId = session });
    }

    private sealed class Hold(V1.Locks.LocksClient locks, HoldRequest hold) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await locks.ReleaseAsync(hold);
    }
}
