namespace Orleans.Coord.Client;

/// <summary>
/// Options of the coordinator that <see cref="CoordinatorServiceCollectionExtensions.AddCoordinator(Microsoft.Extensions.DependencyInjection.IServiceCollection, Action{HostedCoordinatorOptions}?)"/>
/// keeps running in a host: the session options of <see cref="CoordinatorOptions"/> plus the member id, the backend,
/// and what happens when a session is lost. Bound from the configuration section <c>Coordination</c> by the
/// <c>IHostApplicationBuilder</c> overload (for example <c>Coordination__SessionTtl=00:00:10</c> in the environment).
/// </summary>
public sealed class HostedCoordinatorOptions : CoordinatorOptions
{
    /// <summary>The longest <see cref="MaxRestartDelay"/> allowed (10 min).</summary>
    public static readonly TimeSpan RestartDelayLimit = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The member id every session of this process runs as (1 to 256 printable characters). Null (the default) means
    /// <see cref="DefaultMemberId"/>: the machine name and the process id, such as <c>web-3-4711</c>.
    /// </summary>
    public string? MemberId { get; set; }

    /// <summary>
    /// The backend URL (<c>localhost</c>, <c>redis://host:port</c>, ...). The coordinator itself does not use it: the
    /// cluster client does, when it is configured from the same section (see <c>AddCoordinationClient</c> in
    /// Orleans.Coord.Hosting). Checked at start when set.
    /// </summary>
    public string? Backend { get; set; }

    /// <summary>What to do when a session is lost (default: start a new one).</summary>
    public SessionLossPolicy OnSessionLost { get; set; } = SessionLossPolicy.StartNewSession;

    /// <summary>
    /// The wait before the first attempt to start a new session after one failed or was lost (default 500 ms). Each
    /// failed attempt doubles it, up to <see cref="MaxRestartDelay"/>, with up to 20% random jitter.
    /// </summary>
    public TimeSpan RestartDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between attempts to start a session (default 15 s, at most 10 min).</summary>
    public TimeSpan MaxRestartDelay { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The member id in effect: <see cref="MemberId"/>, or <see cref="DefaultMemberId"/> when it is null.</summary>
    public string EffectiveMemberId => MemberId ?? DefaultMemberId;

    /// <summary>The default member id, <c>{machine name}-{process id}</c>: unique among live processes, and readable.</summary>
    public static string DefaultMemberId => $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>Checks every option and throws an <see cref="ArgumentException"/> naming the option and its limit.</summary>
    public override void Validate()
    {
        base.Validate();
        Validation.Guard.Name(EffectiveMemberId, nameof(MemberId));
        if (Backend is not null)
        {
            try
            {
                BackendUrl.Parse(Backend);
            }
            catch (FormatException ex)
            {
                throw new ArgumentException(ex.Message, nameof(Backend), ex);
            }
        }

        if (!Enum.IsDefined(OnSessionLost))
        {
            throw new ArgumentOutOfRangeException(nameof(OnSessionLost), OnSessionLost, $"{nameof(OnSessionLost)} must be {nameof(SessionLossPolicy.StartNewSession)} or {nameof(SessionLossPolicy.StopApplication)}.");
        }

        Validation.Guard.PositiveBelow(MaxRestartDelay, RestartDelayLimit + TimeSpan.FromTicks(1), nameof(MaxRestartDelay), "10 minutes");
        Validation.Guard.PositiveBelow(RestartDelay, MaxRestartDelay + TimeSpan.FromTicks(1), nameof(RestartDelay), nameof(MaxRestartDelay));
    }
}
