using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Coord.Client.Leases;
using Orleans.Coord.Client.Telemetry;
using Orleans.Coord.Grains;
using Orleans.Runtime;
using Orleans.Streams;

namespace Orleans.Coord.Client.Internal;

/// <summary>What every primitive's client needs of the session: grains, streams, identity, liveness and attachment.</summary>
internal sealed class SessionContext(
    IGrainFactory grains,
    IServiceProvider services,
    string memberId,
    Guid sessionId,
    CoordinatorOptions options,
    ILoggerFactory loggerFactory)
{
    private readonly Lock _gate = new();
    private SessionAttacher? _attacher;
    private LeaseWaiter? _leases;
    private ILeaseObserver? _leaseObserver;
    private bool _leaseObserverDeleted;

    public IGrainFactory Grains { get; } = grains;

    public string MemberId { get; } = memberId;

    public Guid SessionId { get; } = sessionId;

    public CoordinatorOptions Options { get; } = options;

    public ILoggerFactory LoggerFactory { get; } = loggerFactory;

    /// <summary>The instruments of the client or silo this session runs in.</summary>
    public ClientInstruments Instruments { get; } = ClientInstruments.For(services);

    public ISessionGrain SessionGrain => Grains.Reference<ISessionGrain>(SessionId);

    /// <summary>
    /// The silo this session's client runs in, when it runs inside a silo (null in an external cluster client): the
    /// session then ends as soon as Orleans declares that silo dead.
    /// </summary>
    public SiloAddress? HostSilo { get; } = services.GetService<ILocalSiloDetails>()?.SiloAddress;

    /// <summary>Set by the coordinator when the session is lost or stopped.</summary>
    public volatile bool Closed;

    public void ThrowIfClosed()
    {
        if (Closed)
        {
            throw new SessionExpiredException(MemberId, SessionId);
        }
    }

    public IStreamProvider Streams
    {
        get
        {
            var provider = services.GetKeyedService<IStreamProvider>(CoordConstants.StreamProviderName);
            return provider ?? throw new InvalidOperationException(
                $"No stream provider named '{CoordConstants.StreamProviderName}' is configured on this client or silo; " +
                "configure the backend with UseCoordBackend(...) or add memory streams with that name.");
        }
    }

    /// <summary>Numbers the session's requests and tells each grain which of them may still arrive.</summary>
    public RequestSequencer Requests { get; } = new();

    /// <summary>The session's one observer object for every grain that grants it leases, created on first use.</summary>
    public LeaseWaiter Leases => EnsureLeaseObserver().Waiter;

    /// <summary>The reference lease grains push to; the strong reference to its object here keeps it registered.</summary>
    public ILeaseObserver LeaseObserver => EnsureLeaseObserver().Reference;

    /// <summary>
    /// Tells the session grain (once per grain) that <paramref name="resource"/> will hold something for this session;
    /// attaches asked for at the same time share one call (<see cref="SessionAttacher"/>). Cancelling stops waiting.
    /// </summary>
    /// <exception cref="SessionExpiredException">The session is no longer alive.</exception>
    public Task EnsureAttachedAsync(GrainId resource, CancellationToken cancellationToken) =>
        LazyInitializer.EnsureInitialized(ref _attacher, () => new SessionAttacher(this)).AttachAsync(resource, cancellationToken);

    /// <summary>
    /// Stops taking pushes once the session is abandoned: the lease observer's object reference is deleted, so that a
    /// push that arrives later is dropped by the client runtime instead of answered (Orleans 10.4.2 answers a push to a
    /// collected observer, and throws on a thread-pool thread when its client has been disposed meanwhile).
    /// </summary>
    public void DeleteLeaseObserver()
    {
        lock (_gate)
        {
            if (_leaseObserver is { } reference && !_leaseObserverDeleted)
            {
                Grains.DeleteObjectReference<ILeaseObserver>(reference);
                _leaseObserverDeleted = true;
            }
        }
    }

    private (LeaseWaiter Waiter, ILeaseObserver Reference) EnsureLeaseObserver()
    {
        lock (_gate)
        {
            if (_leases is null)
            {
                var waiter = new LeaseWaiter(this);
                _leaseObserver = Grains.CreateObjectReference<ILeaseObserver>(waiter);
                _leases = waiter;
            }

            return (_leases, _leaseObserver!);
        }
    }
}
