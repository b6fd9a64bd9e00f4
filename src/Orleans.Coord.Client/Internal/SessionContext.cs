using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Coord.Grains;
using Orleans.Runtime;
using Orleans.Streams;

namespace Orleans.Coord.Internal;

/// <summary>What every primitive's client needs of the session: grains, streams, identity, liveness and attachment.</summary>
internal sealed class SessionContext(
    IGrainFactory grains,
    IServiceProvider services,
    string memberId,
    Guid sessionId,
    CoordinatorOptions options,
    ILoggerFactory loggerFactory)
{
    private SessionAttacher? _attacher;

    public IGrainFactory Grains { get; } = grains;

    public string MemberId { get; } = memberId;

    public Guid SessionId { get; } = sessionId;

    public CoordinatorOptions Options { get; } = options;

    public ILoggerFactory LoggerFactory { get; } = loggerFactory;

    public ISessionGrain SessionGrain => Grains.GetGrain<ISessionGrain>(SessionId);

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

    /// <summary>
    /// Tells the session grain (once per grain) that <paramref name="resource"/> will hold something for this session;
    /// attaches asked for at the same time share one call (<see cref="SessionAttacher"/>). Cancelling stops waiting.
    /// </summary>
    /// <exception cref="SessionExpiredException">The session is no longer alive.</exception>
    public Task EnsureAttachedAsync(GrainId resource, CancellationToken cancellationToken) =>
        LazyInitializer.EnsureInitialized(ref _attacher, () => new SessionAttacher(this)).AttachAsync(resource, cancellationToken);
}
