using System.Collections.Concurrent;
using System.Threading.Channels;
using Orleans.Coord.Client;
using Orleans.Coord.Grpc.Errors;
using Orleans.Coord.Grpc.V1;

namespace Orleans.Coord.Grpc.Sessions;

/// <summary>
/// One session started through the gRPC API: a coordinator whose lease is renewed only by the remote client's
/// keep-alive stream (<see cref="SessionRenewal.ByCaller"/>), the holds it was granted, and the lost notices waiting
/// for the keep-alive stream. When the keep-alive stops, nothing is released: the coordinator's lease clock runs out,
/// the relay lets go of the session without ending it, and the cluster expires it after its TTL.
/// </summary>
internal sealed class RelayedSession
{
    private readonly ConcurrentDictionary<HoldKey, Hold> _holds = new();
    private readonly Channel<LostNotice> _notices = Channel.CreateUnbounded<LostNotice>();
    private readonly CoordGrpcOptions _options;
    private readonly Lock _gate = new();
    private int _streams;
    private CancellationTokenSource? _keepAlive;

    public RelayedSession(Coordinator coordinator, string connectionId, CoordGrpcOptions options)
    {
        Coordinator = coordinator;
        ConnectionId = connectionId;
        _options = options;
    }

    public Coordinator Coordinator { get; }

    public string Id => Coordinator.SessionId.ToString();

    /// <summary>The connection that started the session (for the per-connection bound).</summary>
    public string ConnectionId { get; }

    /// <summary>Lost notices not yet written to a keep-alive stream.</summary>
    public ChannelReader<LostNotice> Notices => _notices.Reader;

    /// <summary>Queues a lost notice for the keep-alive stream (kept until a stream reads it).</summary>
    public void Notify(HoldKind kind, string name, long token, string reason) =>
        _notices.Writer.TryWrite(new LostNotice { Kind = kind, Name = name, Token = token, Reason = reason });

    /// <summary>No more notices: the session is gone.</summary>
    public void CompleteNotices() => _notices.Writer.TryComplete();

    /// <summary>
    /// Makes the calling keep-alive stream the session's one stream: an earlier stream (for example one whose connection
    /// broke without the silo noticing yet) is cancelled. The returned token is cancelled when a later stream replaces it;
    /// the stream disposes it when it ends.
    /// </summary>
    public CancellationTokenSource AttachKeepAlive(CancellationToken call)
    {
        var mine = CancellationTokenSource.CreateLinkedTokenSource(call);
        CancellationTokenSource? previous;
        lock (_gate)
        {
            previous = _keepAlive;
            _keepAlive = mine;
        }

        try
        {
            previous?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The previous stream has ended (a client that closed its stream and opens a new one): nothing to replace.
        }

        return mine;
    }

    /// <summary>Takes one of the session's stream slots for the life of a stream or a waiting call.</summary>
    /// <exception cref="GrpcLimitExceededException">The session has <see cref="CoordGrpcOptions.MaxStreamsPerSession"/> open.</exception>
    public IDisposable OpenStream()
    {
        if (Interlocked.Increment(ref _streams) > _options.MaxStreamsPerSession)
        {
            Interlocked.Decrement(ref _streams);
            throw new GrpcLimitExceededException(nameof(CoordGrpcOptions.MaxStreamsPerSession), _options.MaxStreamsPerSession, $"Session {Id} has too many open streams and waiting calls");
        }

        return new StreamSlot(this);
    }

    /// <summary>Checks that one more hold fits; call before asking the cluster for it.</summary>
    /// <exception cref="GrpcLimitExceededException">The session has <see cref="CoordGrpcOptions.MaxHoldsPerSession"/> holds.</exception>
    public void EnsureRoomForHold()
    {
        if (_holds.Count >= _options.MaxHoldsPerSession)
        {
            throw new GrpcLimitExceededException(nameof(CoordGrpcOptions.MaxHoldsPerSession), _options.MaxHoldsPerSession, $"Session {Id} holds too many locks and leaderships");
        }
    }

    /// <summary>Keeps a granted hold; when it is lost without being released, a notice goes to the keep-alive stream.</summary>
    public void AddHold(Hold hold, CancellationToken lost)
    {
        _holds[hold.Key] = hold;
        lost.Register(() =>
        {
            if (_holds.TryRemove(hold.Key, out _))
            {
                Notify(hold.Key.Kind, hold.Key.Name, hold.Key.Token, Coordinator.IsAlive ? "lost" : "session lost");
            }
        });
    }

    /// <summary>Removes and returns the hold, or null when the session does not have it (any more).</summary>
    public Hold? TakeHold(HoldKey key) => _holds.TryRemove(key, out var hold) ? hold : null;

    /// <summary>The hold, or null.</summary>
    public Hold? FindHold(HoldKey key) => _holds.TryGetValue(key, out var hold) ? hold : null;

    private sealed class StreamSlot(RelayedSession session) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref session._streams);
            }
        }
    }
}
