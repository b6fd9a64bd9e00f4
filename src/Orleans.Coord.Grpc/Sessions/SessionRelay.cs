using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Coord.Client;
using Orleans.Coord.Grpc.Errors;
using Orleans.Coord.Grpc.V1;

namespace Orleans.Coord.Grpc.Sessions;

/// <summary>
/// The sessions this silo relays for gRPC clients, by session id. A session is started with
/// <see cref="SessionRenewal.ByCaller"/>, so only its client's keep-alive renews it; when its lease clock runs out (the
/// client stopped renewing) or the cluster expired it, the relay sends a session-lost notice, forgets it and lets go of
/// it without ending it, so the cluster expires it with reason expired, once. When the silo stops, every relayed session
/// is let go the same way.
/// </summary>
internal sealed partial class SessionRelay(
    IGrainFactory grains,
    IServiceProvider services,
    IOptions<CoordGrpcOptions> options,
    ILogger<SessionRelay> logger) : IHostedService
{
    private readonly ConcurrentDictionary<string, RelayedSession> _sessions = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _perConnection = new();
    private readonly CoordGrpcOptions _options = options.Value;
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Starts a session for <paramref name="memberId"/>, within the silo's and the connection's bounds.</summary>
    /// <exception cref="GrpcLimitExceededException">A bound is reached; nothing was started.</exception>
    /// <exception cref="ArgumentException">The member id or TTL breaks its limit; nothing was started.</exception>
    public async Task<RelayedSession> StartAsync(string memberId, TimeSpan ttl, string connectionId, CancellationToken cancellationToken)
    {
        var options = new CoordinatorOptions { SessionTtl = ttl, Renewal = SessionRenewal.ByCaller };
        Validation.Guard.Name(memberId, "member_id");
        Validation.Guard.SessionTtl(ttl, "ttl_ms");
        Reserve(connectionId);
        try
        {
            var coordinator = (Coordinator)await Coordinator.StartAsync(grains, services, memberId, options, cancellationToken);
            var session = new RelayedSession(coordinator, connectionId, _options);
            _sessions[session.Id] = session;
            coordinator.Lost.Register(() => _ = ForgetAsync(session, "the session was lost (no keep-alive within its TTL, or the cluster expired it)"));
            LogStarted(memberId, session.Id, connectionId);
            return session;
        }
        catch
        {
            Unreserve(connectionId);
            throw;
        }
    }

    /// <summary>The session with this id.</summary>
    /// <exception cref="ArgumentException">The id is not a session id.</exception>
    /// <exception cref="UnknownSessionException">This silo relays no such session.</exception>
    public RelayedSession Get(string sessionId)
    {
        if (!Guid.TryParse(sessionId, out _))
        {
            throw new ArgumentException($"session_id must be a session id returned by StartSession (got '{Truncate(sessionId)}').", "session_id");
        }

        return _sessions.TryGetValue(sessionId, out var session) ? session : throw new UnknownSessionException(sessionId);
    }

    /// <summary>Ends the session in the cluster (everything it holds is released at once) and forgets it.</summary>
    public async Task EndAsync(RelayedSession session, CancellationToken cancellationToken)
    {
        if (Remove(session))
        {
            session.CompleteNotices();
            await session.Coordinator.StopAsync(cancellationToken);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Lets go of every relayed session without ending it: each expires after its TTL, as if this silo died.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var session in _sessions.Values)
        {
            if (Remove(session))
            {
                session.CompleteNotices();
                await session.Coordinator.AbandonAsync();
            }
        }
    }

    private async Task ForgetAsync(RelayedSession session, string reason)
    {
        if (!Remove(session))
        {
            return;
        }

        LogLost(session.Coordinator.MemberId, session.Id, reason);
        session.Notify(HoldKind.Session, session.Coordinator.MemberId, 0, reason);
        session.CompleteNotices();
        await session.Coordinator.AbandonAsync();
    }

    private bool Remove(RelayedSession session)
    {
        if (!_sessions.TryRemove(new KeyValuePair<string, RelayedSession>(session.Id, session)))
        {
            return false;
        }

        Unreserve(session.ConnectionId);
        return true;
    }

    private void Reserve(string connectionId)
    {
        if (Interlocked.Increment(ref _count) > _options.MaxSessions)
        {
            Interlocked.Decrement(ref _count);
            throw new GrpcLimitExceededException(nameof(CoordGrpcOptions.MaxSessions), _options.MaxSessions, "This silo relays too many sessions");
        }

        var perConnection = _perConnection.AddOrUpdate(connectionId, 1, (_, n) => n + 1);
        if (perConnection > _options.MaxSessionsPerConnection)
        {
            Unreserve(connectionId);
            throw new GrpcLimitExceededException(nameof(CoordGrpcOptions.MaxSessionsPerConnection), _options.MaxSessionsPerConnection, "This connection has too many sessions");
        }
    }

    private void Unreserve(string connectionId)
    {
        Interlocked.Decrement(ref _count);
        if (_perConnection.AddOrUpdate(connectionId, 0, (_, n) => n - 1) <= 0)
        {
            _perConnection.TryRemove(new KeyValuePair<string, int>(connectionId, 0));
        }
    }

    private static string Truncate(string text) => text.Length <= 64 ? text : text[..64] + "…";

    [LoggerMessage(Level = LogLevel.Debug, Message = "gRPC session {SessionId} of member {MemberId} started (connection {ConnectionId})")]
    private partial void LogStarted(string memberId, string sessionId, string connectionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "gRPC session {SessionId} of member {MemberId} is gone: {Reason}")]
    private partial void LogLost(string memberId, string sessionId, string reason);
}
