using Grpc.Core;
using Microsoft.Extensions.Logging;
using Orleans.Coord.Grpc.Sessions;
using Orleans.Coord.Grpc.V1;
using Orleans.Coord.Validation;

namespace Orleans.Coord.Grpc.Services;

/// <summary>orleans.coord.v1.Sessions: start, keep alive (renewals and lost notices) and end sessions.</summary>
internal sealed partial class SessionsService(SessionRelay relay, ILogger<SessionsService> logger) : V1.Sessions.SessionsBase
{
    public override async Task<StartSessionResponse> StartSession(StartSessionRequest request, ServerCallContext context)
    {
        var ttl = request.TtlMs == 0 ? CoordLimits.DefaultSessionTtl : TimeSpan.FromMilliseconds(request.TtlMs);
        var connection = context.GetHttpContext().Connection.Id;
        var session = await relay.StartAsync(request.MemberId, ttl, connection, context.CancellationToken);
        return new StartSessionResponse
        {
            SessionId = session.Id,
            TtlMs = (uint)ttl.TotalMilliseconds,
            KeepAliveIntervalMs = (uint)session.Coordinator.Options.EffectiveHeartbeatInterval.TotalMilliseconds,
        };
    }

    public override async Task KeepAlive(IAsyncStreamReader<KeepAliveRequest> requestStream, IServerStreamWriter<KeepAliveResponse> responseStream, ServerCallContext context)
    {
        if (!await requestStream.MoveNext(context.CancellationToken))
        {
            return;
        }

        var session = relay.Get(requestStream.Current.SessionId);
        using var slot = session.OpenStream();
        using var attached = session.AttachKeepAlive(context.CancellationToken);
        var stop = attached.Token;
        var ttlMs = (uint)session.Coordinator.Options.SessionTtl.TotalMilliseconds;
        using var writing = new SemaphoreSlim(1, 1);
        async Task WriteAsync(KeepAliveResponse response)
        {
            await writing.WaitAsync(stop);
            try
            {
                await responseStream.WriteAsync(response, stop);
            }
            finally
            {
                writing.Release();
            }
        }

        // Notices flow until the session is gone (the reader then completes) or this stream ends.
        var notices = Task.Run(async () =>
        {
            await foreach (var notice in session.Notices.ReadAllAsync(stop))
            {
                await WriteAsync(new KeepAliveResponse { Lost = notice });
            }
        }, CancellationToken.None);
        try
        {
            do
            {
                if (requestStream.Current.SessionId != session.Id && !string.Equals(requestStream.Current.SessionId, session.Id, StringComparison.OrdinalIgnoreCase))
                {
                    throw new ArgumentException("session_id must stay the same on one keep-alive stream.", "session_id");
                }

                bool renewed;
                try
                {
                    renewed = await session.Coordinator.RenewAsync(stop);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The cluster did not answer this renewal (for example during a silo failover): no Renewed goes
                    // out, the stream stays open, and the client's next renewal tries again within the TTL.
                    LogRenewalFailed(ex, session.Id);
                    continue;
                }

                if (!renewed)
                {
                    break;
                }

                await WriteAsync(new KeepAliveResponse { Renewed = new Renewed { TtlMs = ttlMs } });
            }
            while (await requestStream.MoveNext(stop));

            // The client closed its side, or the session was lost: let the remaining notices out, then end the call.
            if (!session.Coordinator.IsAlive)
            {
                await notices;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            // A newer keep-alive stream of the same session replaced this one.
        }
        finally
        {
            await attached.CancelAsync();
            try
            {
                await notices;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    public override async Task<EndSessionResponse> EndSession(EndSessionRequest request, ServerCallContext context)
    {
        var session = relay.Get(request.SessionId);
        await relay.EndAsync(session, context.CancellationToken);
        return new EndSessionResponse();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A renewal of gRPC session {SessionId} failed; the client's next renewal tries again")]
    private partial void LogRenewalFailed(Exception ex, string sessionId);
}
