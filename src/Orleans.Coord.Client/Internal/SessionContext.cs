using System.Collections.Concurrent;
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
    private readonly ConcurrentDictionary<GrainId, bool> _attached = new();

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
    /// Tells the session grain (once per grain) that <paramref name="resource"/> will hold something for this session.
    /// Each attempt is bounded by <see cref="AttachAttemptTimeout"/> and retried: a call that went to a silo that has
    /// just died would otherwise wait out Orleans' whole response timeout, while a new call reaches the session grain's
    /// new activation as soon as the cluster has declared the silo dead. Attaching is idempotent.
    /// </summary>
    public async Task EnsureAttachedAsync(GrainId resource, CancellationToken cancellationToken)
    {
        if (_attached.ContainsKey(resource))
        {
            return;
        }

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await StaleActivationRetry.RunAsync(() => SessionGrain.AttachAsync(resource), Options.StaleActivationRetries, cancellationToken)
                    .WaitAsync(AttachAttemptTimeout, cancellationToken);
                _attached.TryAdd(resource, true);
                return;
            }
            catch (TimeoutException)
            {
                // Try again: the session grain may be moving off a dead silo.
            }
        }
    }

    /// <summary>How long one attach attempt may take before it is retried.</summary>
    public static readonly TimeSpan AttachAttemptTimeout = TimeSpan.FromSeconds(3);
}
