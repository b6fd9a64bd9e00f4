using Grpc.Core;
using Orleans.Coord.Client;
using Orleans.Coord.Grpc.Sessions;
using Orleans.Coord.Grpc.V1;
using Orleans.Coord.Locks;

namespace Orleans.Coord.Grpc.Services;

/// <summary>
/// orleans.coord.v1.Locks: exclusive locks, reader-writer locks and semaphores for a relayed session. The session
/// keeps each grant's handle by kind, name and fencing token until the client releases it or it is lost (then a notice
/// goes to the keep-alive stream).
/// </summary>
internal sealed class LocksService(SessionRelay relay) : V1.Locks.LocksBase
{
    public override Task<AcquireResponse> Acquire(AcquireRequest request, ServerCallContext context) =>
        AcquireAsync(request, throwOnTimeout: true, context.CancellationToken);

    public override Task<AcquireResponse> TryAcquire(AcquireRequest request, ServerCallContext context) =>
        AcquireAsync(request, throwOnTimeout: false, context.CancellationToken);

    public override async Task<ReleaseResponse> Release(HoldRequest request, ServerCallContext context)
    {
        var session = relay.Get(request.SessionId);
        var hold = session.TakeHold(new HoldKey(Kind(request.Kind), request.Name, request.FencingToken));
        var released = hold is not null && await hold.ReleaseAsync(context.CancellationToken);
        return new ReleaseResponse { Released = released };
    }

    public override async Task<IsStillOwnerResponse> IsStillOwner(HoldRequest request, ServerCallContext context)
    {
        var locks = relay.Get(request.SessionId).Coordinator.Locks;
        var cancellation = context.CancellationToken;
        var owner = Kind(request.Kind) switch
        {
            HoldKind.Read or HoldKind.Write => await locks.ReaderWriter.IsStillOwnerAsync(request.Name, request.FencingToken, cancellation),
            HoldKind.Permit => await locks.Semaphores.IsStillOwnerAsync(request.Name, request.FencingToken, cancellation),
            _ => await locks.IsStillOwnerAsync(request.Name, request.FencingToken, cancellation),
        };
        return new IsStillOwnerResponse { Owner = owner };
    }

    public override async Task<BreakResponse> Break(LockRequest request, ServerCallContext context)
    {
        var locks = relay.Get(request.SessionId).Coordinator.Locks;
        var broken = Kind(request.Kind) switch
        {
            HoldKind.Lock => await locks.BreakAsync(request.Name, context.CancellationToken),
            HoldKind.Read or HoldKind.Write => await locks.ReaderWriter.BreakAsync(request.Name, context.CancellationToken),
            _ => throw new ArgumentException($"kind must be LOCK, READ or WRITE to break a lock (got {request.Kind}).", "kind"),
        };
        return new BreakResponse { Broken = broken };
    }

    public override async Task<HoldersResponse> GetHolders(HoldersRequest request, ServerCallContext context)
    {
        var locks = relay.Get(request.SessionId).Coordinator.Locks;
        var cancellation = context.CancellationToken;
        IReadOnlyList<LockGrant> grants = Kind(request.Kind) switch
        {
            HoldKind.Read or HoldKind.Write => await locks.ReaderWriter.GetHoldersAsync(request.Name, cancellation),
            HoldKind.Permit => await locks.Semaphores.GetHoldersAsync(request.Name, cancellation),
            _ => await locks.GetHolderAsync(request.Name, cancellation) is { } holder ? [holder] : [],
        };
        var response = new HoldersResponse();
        response.Holders.Add(grants.Select(g => new Holder { MemberId = g.MemberId, SessionId = g.SessionId.ToString(), FencingToken = g.Token }));
        return response;
    }

    private async Task<AcquireResponse> AcquireAsync(AcquireRequest request, bool throwOnTimeout, CancellationToken cancellation)
    {
        var session = relay.Get(request.SessionId);
        var kind = Kind(request.Kind);
        var timeout = ProtoConvert.Timeout(request.TimeoutMs);
        session.EnsureRoomForHold();
        using var slot = session.OpenStream();
        var locks = session.Coordinator.Locks;
        var handle = kind switch
        {
            HoldKind.Lock => await locks.TryAcquireAsync(request.Name, timeout, cancellation),
            HoldKind.Read => await locks.ReaderWriter.TryAcquireReadAsync(request.Name, timeout, cancellation),
            HoldKind.Write => await locks.ReaderWriter.TryAcquireWriteAsync(request.Name, timeout, cancellation),
            HoldKind.Permit => await locks.Semaphores.TryAcquireAsync(request.Name, request.MaxCount, timeout, cancellation),
            _ => throw new ArgumentException($"kind must be LOCK, READ, WRITE or PERMIT for a lock (got {request.Kind}).", "kind"),
        };
        if (handle is null)
        {
            return throwOnTimeout
                ? throw new TimeoutException($"{kind} '{request.Name}' was not granted within {request.TimeoutMs} ms; nothing is held.")
                : new AcquireResponse { Acquired = false };
        }

        var key = new HoldKey(kind, request.Name, handle.FencingToken);
        session.AddHold(new Hold(key, handle, handle.ReleaseAsync), handle.Lost);
        return new AcquireResponse { Acquired = true, FencingToken = handle.FencingToken };
    }

    /// <summary>The hold kind of a lock request; unspecified means an exclusive lock.</summary>
    private static HoldKind Kind(HoldKind kind) => kind == HoldKind.Unspecified ? HoldKind.Lock : kind;
}
