using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orleans.Coord.Client.Hosting;

/// <summary>
/// The <see cref="IHostedCoordinator"/>: the facade that speaks for the current session (this file) and the loop that
/// keeps a session running for the host's lifetime (<c>HostedCoordinator.Keeping.cs</c>).
/// </summary>
internal sealed partial class HostedCoordinator : IHostedCoordinator, IHostedLifecycleService
{
    private readonly IServiceProvider _services;
    private readonly HostedCoordinatorOptions _options;
    private readonly IReadOnlyList<SessionWork> _declared;
    private readonly IHostApplicationLifetime? _lifetime;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _gate = new();
    private TaskCompletionSource<ICoordinator> _nextSession = NewWaiter();
    private Coordinator? _current;
    private HostedCoordinatorState _state = HostedCoordinatorState.Created;
    private Task _keeping = Task.CompletedTask;

    public HostedCoordinator(IServiceProvider services, IOptions<HostedCoordinatorOptions> options, IEnumerable<SessionWork> declared, ILogger<HostedCoordinator> logger, IHostApplicationLifetime? lifetime = null)
    {
        _services = services;
        _options = options.Value;
        _declared = declared.ToArray();
        _lifetime = lifetime;
        _logger = logger;
    }

    public HostedCoordinatorState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    public string MemberId => _options.EffectiveMemberId;

    public Guid SessionId => Volatile.Read(ref _current)?.SessionId ?? Guid.Empty;

    public CoordinatorOptions Options => _options;

    /// <summary>The current session's <see cref="ICoordinator.Lost"/>; a cancelled token while no session is up.</summary>
    public CancellationToken Lost => Volatile.Read(ref _current)?.Lost ?? new CancellationToken(canceled: true);

    public bool IsAlive => Volatile.Read(ref _current)?.IsAlive ?? false;

    public IGroupCoordinator Groups => CurrentOrThrow().Groups;

    public ILockCoordinator Locks => CurrentOrThrow().Locks;

    public IElectionCoordinator Elections => CurrentOrThrow().Elections;

    public event EventHandler<SessionLostEventArgs>? SessionLost;

    public event EventHandler<SessionStartedEventArgs>? SessionStarted;

    /// <summary>How long ago the current session's last heartbeat was acknowledged, or null while no session is up.</summary>
    internal TimeSpan? SinceLastHeartbeat => Volatile.Read(ref _current)?.SinceLastAcknowledgedHeartbeat;

    public Task<ICoordinator> WaitForSessionAsync(CancellationToken cancellationToken = default)
    {
        Task<ICoordinator> next;
        lock (_gate)
        {
            next = _nextSession.Task;
        }

        return next.WaitAsync(cancellationToken);
    }

    /// <summary>Stops the hosted coordinator for good (as the host's stop does): declared work ends, the session is released.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => StopKeepingAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(_options.SessionTtl);
            await StopKeepingAsync(timeout.Token);
        }
        catch (Exception ex)
        {
            LogStopFailed(ex, MemberId);
        }
    }

    Task IHostedService.StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedLifecycleService.StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Starts keeping a session once every hosted service has started (so the cluster client is connected, or the silo is up).</summary>
    Task IHostedLifecycleService.StartedAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_state != HostedCoordinatorState.Created)
            {
                return Task.CompletedTask;
            }

            _state = HostedCoordinatorState.Starting;
            _keeping = Task.Run(() => KeepAsync(_stopping.Token));
        }

        return Task.CompletedTask;
    }

    /// <summary>Releases everything before any hosted service stops, while the cluster client or silo still runs.</summary>
    Task IHostedLifecycleService.StoppingAsync(CancellationToken cancellationToken) => StopKeepingAsync(cancellationToken);

    Task IHostedService.StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedLifecycleService.StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private Coordinator CurrentOrThrow() =>
        Volatile.Read(ref _current) ?? throw new SessionUnavailableException(MemberId, State switch
        {
            HostedCoordinatorState.Created or HostedCoordinatorState.Starting => "the first session is starting",
            HostedCoordinatorState.Restarting => "a new session is starting after the last one was lost",
            HostedCoordinatorState.GaveUp => "the session was lost and the policy is to stop the application",
            _ => "the coordinator has stopped",
        });

    private static TaskCompletionSource<ICoordinator> NewWaiter() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
