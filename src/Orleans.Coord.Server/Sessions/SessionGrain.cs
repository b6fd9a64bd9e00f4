using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Coord.Grains;
using Orleans.Coord.Inspection;
using Orleans.Coord.Server.Internal;
using Orleans.Coord.Server.Telemetry;
using Orleans.Coord.Sessions;
using Orleans.Coord.Validation;
using Orleans.Runtime;

namespace Orleans.Coord.Server.Sessions;

/// <summary>
/// The lease authority of one session. Heartbeats renew an in-memory deadline (nothing is written); a timer expires
/// the session when the deadline passes, and a reminder re-activates the grain after a silo loss so that a session
/// whose client also died still expires (and the silos tell every session of a silo death at once, see
/// <see cref="SessionRecovery"/>). After a (re)activation the lease starts a fresh full TTL. A session started inside a
/// silo remembers that silo and expires as soon as Orleans declares it dead. Once everything the
/// session held is released, its record stays as a tombstone for <see cref="TombstoneFor"/>, so that a late copy of its
/// start never starts it again, and is then deleted by the reminder.
/// </summary>
internal sealed partial class SessionGrain(
    [PersistentState("session", ReadCheckedGrainStorage.Name)] IPersistentState<SessionState> state,
    ILogger<SessionGrain> logger,
    TimeProvider clock,
    IOptions<SiloMessagingOptions> messaging) : Grain, ISessionGrain, IRemindable, ILiveSession
{
    private const string BackstopReminder = "orleans-coord-session-lease";
    private static readonly TimeSpan BackstopPeriod = TimeSpan.FromMinutes(1);

    /// <summary>How often an end retries the releases that failed before it reports the failure.</summary>
    private static readonly TimeSpan[] EndRetryPauses = [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500)];

    /// <summary>How many grains the record holds before it is first pruned when no limit forces it.</summary>
    internal const int FirstPruneAbove = 1024;

    /// <summary>Serialises the attaches (which interleave with the session's other calls) and lets an end wait for them.</summary>
    private readonly SemaphoreSlim _recording = new(1, 1);
    private SessionRecord? _record;
    private SessionQuota? _quota;
    private int _pruneAbove = FirstPruneAbove;
    private DateTimeOffset _deadline;
    private bool _listed;
    private DateTimeOffset _renewedAt;
    private IGrainTimer? _timer;

    private ServerInstruments? _metrics;

    private SessionState S => state.State;

    /// <summary>Whether the session is alive as of this activation's last turn (read by the live-sessions gauge).</summary>
    public bool IsLive { get; private set; }

    private CoordResourceLimits Limits => ServiceProvider.GetRequiredService<IOptions<CoordResourceLimits>>().Value;

    private ServerInstruments Metrics => _metrics ??= ServiceProvider.GetRequiredService<ServerInstruments>();

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Metrics.Sessions.Remove(this);
        return Task.CompletedTask;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        IsLive = S.Started && S.Status == SessionStatus.Alive;
        Metrics.Sessions.Add(this);
        if (S.Started && S.ReleasedAt is null)
        {
            // Conservative: a recovered lease starts a fresh full TTL (as ZooKeeper after a leader change).
            _renewedAt = clock.GetUtcNow();
            _deadline = _renewedAt + S.Ttl;
            StartTimer();
        }

        return Task.CompletedTask;
    }

    public async Task StartAsync(string memberId, TimeSpan ttl, SiloAddress? hostSilo = null)
    {
        Guard.Name(memberId, nameof(memberId));
        Guard.SessionTtl(ttl, nameof(ttl));
        if (S.Started)
        {
            if (S.Status != SessionStatus.Alive)
            {
                throw new SessionExpiredException(S.MemberId, this.GetPrimaryKey());
            }

            if (!string.Equals(S.MemberId, memberId, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Session {this.GetPrimaryKey():N} already runs as member '{S.MemberId}'.", nameof(memberId));
            }

            // A copy of the start: the first may have failed after the session was stored (its listing call went to a
            // silo that had just died), or been stored by an activation since lost. This copy finishes it.
            await ListAsync();
            return;
        }

        S.MemberId = memberId;
        S.Ttl = ttl;
        S.Started = true;
        S.Status = SessionStatus.Alive;
        S.StartedAt = clock.GetUtcNow();
        S.HostSilo = hostSilo;
        await PersistAsync();

        // Stored: the lease runs from now, whatever happens to the rest of this call.
        _renewedAt = clock.GetUtcNow();
        _deadline = _renewedAt + ttl;
        StartTimer();
        IsLive = true;
        Metrics.SessionStarted();
        LogStarted(memberId, this.GetPrimaryKey(), ttl);
        await ListAsync();
    }

    /// <summary>
    /// Lists the session in the session directory (which <see cref="SessionRecovery"/> reads after a silo loss) and
    /// registers its backstop reminder, once per activation. A failed listing throws, and a copy of the start (which
    /// the client sends when no answer came) tries again.
    /// </summary>
    private async Task ListAsync()
    {
        if (_listed)
        {
            return;
        }

        await Listing.AddAsync(ListedName);
        await TryRegisterBackstopAsync();
        _listed = true;
    }

    public Task<SessionStatus> HeartbeatAsync()
    {
        if (!S.Started)
        {
            return Task.FromResult(SessionStatus.Unknown);
        }

        if (S.Status != SessionStatus.Alive)
        {
            return Task.FromResult(S.Status);
        }

        var now = clock.GetUtcNow();
        if (now > _deadline)
        {
            // Too late: the lease is gone even if the timer has not run yet. Never resurrect it.
            return Task.FromResult(SessionStatus.Expired);
        }

        _renewedAt = now;
        _deadline = now + S.Ttl;
        return Task.FromResult(SessionStatus.Alive);
    }

    public async Task AttachAsync(GrainId[] resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        if (resources.Length > ISessionGrain.MaxAttachBatch)
        {
            throw new ArgumentException(
                $"At most {ISessionGrain.MaxAttachBatch} resources can be attached in one call (got {resources.Length}).", nameof(resources));
        }

        // Attaches interleave with the session's other calls (a grain that asks to be recorded waits for this answer
        // in its turn, while the session's end may be waiting for that grain's turn to release it), and run one at a
        // time among themselves. An end marks the session dead first, then waits for the attach under way, so every
        // attach either is recorded before the end reads the record or is refused.
        EnsureAlive();
        await _recording.WaitAsync();
        try
        {
            EnsureAlive();
            await RecordAsync(resources);
        }
        catch (Exception ex) when (ex is not (CoordinationLimitExceededException or SessionExpiredException))
        {
            // A page write failed: the pages may hold more or less than the copy, which is read again next time.
            _record = null;
            _quota = null;
            throw;
        }
        finally
        {
            _recording.Release();
        }
    }

    public Task<bool> IsAliveAsync() => Task.FromResult(IsAlive());

    public async Task EndAsync()
    {
        if (!S.Started)
        {
            return;
        }

        if (S.Status == SessionStatus.Alive)
        {
            S.Status = SessionStatus.Ended;
            await AttachesDoneAsync();
            await PersistAsync();
            IsLive = false;
            Metrics.SessionEnded(expired: false);
            LogEnded(S.MemberId, this.GetPrimaryKey());
        }

        // A grain that failed to release (a storage error, or a stale activation that has deactivated since) is asked
        // again; the caller learns of a release that still fails instead of reading success while something is held.
        foreach (var pause in EndRetryPauses.Prepend(TimeSpan.Zero))
        {
            await Task.Delay(pause);
            if (await TryReleaseAllAsync() is not { } failure)
            {
                return;
            }

            if (pause == EndRetryPauses[^1])
            {
                throw new CoordinationException(
                    $"Session {this.GetPrimaryKey():N} of member '{S.MemberId}' ended, but {failure.Count} grain(s) could not release what it held " +
                    $"(first error: {failure.First.Message}). The cluster keeps retrying until they do.",
                    failure.First);
            }
        }
    }

    public async Task NoticeSilosDeadAsync(SiloAddress[] deadSilos)
    {
        ArgumentNullException.ThrowIfNull(deadSilos);

        // Being called is most of the work: an activation lost with a dead silo is back, with a fresh TTL and its timer.
        if (S.Status == SessionStatus.Alive && S.HostSilo is { } host && Array.IndexOf(deadSilos, host) >= 0)
        {
            await ExpireAsync("its silo was declared dead");
            await TryReleaseAllAsync();
        }
    }

    public async Task<SessionInfo?> GetInfoAsync()
    {
        if (!S.Started || S.ReleasedAt is not null)
        {
            return null;
        }

        var pages = await Task.WhenAll(Enumerable.Range(0, S.Pages).Select(i => Page(i).ListAsync()));
        var resources = pages.SelectMany(p => p).Distinct().Select(ResourceNames.Of).OfType<SessionResource>().ToArray();
        return new SessionInfo(this.GetPrimaryKey(), S.MemberId, S.Ttl, S.Status, S.StartedAt, _renewedAt, resources);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!S.Started)
        {
            await TryUnregisterBackstopAsync();
            return;
        }

        if (S.ReleasedAt is { } releasedAt)
        {
            if (clock.GetUtcNow() - releasedAt >= TombstoneFor)
            {
                await TryUnregisterBackstopAsync();
                await TryUnlistAsync();
                await state.ClearStateAsync();
                DeactivateOnIdle();
            }

            return;
        }

        // Activation already restarted the lease clock and the timer; just make sure pending releases go out.
        if (S.Status != SessionStatus.Alive)
        {
            await TryReleaseAllAsync();
        }
    }

    /// <summary>
    /// How long the tombstone of an ended session stays: longer than any copy of its start can be under way (Orleans
    /// drops a request older than its response timeout), and at least a minute.
    /// </summary>
    internal TimeSpan TombstoneFor => TimeSpan.FromTicks(Math.Max(TimeSpan.FromMinutes(1).Ticks, 2 * messaging.Value.ResponseTimeout.Ticks));

    private ISessionResourcePageGrain Page(int index) =>
        GrainFactory.Reference<ISessionResourcePageGrain>($"{this.GetPrimaryKey():N}/{index}");

    private bool IsAlive() => S.Started && S.Status == SessionStatus.Alive && clock.GetUtcNow() <= _deadline;

    private void EnsureAlive()
    {
        if (!IsAlive())
        {
            throw new SessionExpiredException(S.MemberId, this.GetPrimaryKey());
        }
    }

    /// <summary>
    /// Waits until no attach is under way. Called once the session is no longer alive, so that no attach starts
    /// recording after this: the record read next is the final one.
    /// </summary>
    private async Task AttachesDoneAsync()
    {
        await _recording.WaitAsync();
        _recording.Release();
    }

    /// <summary>
    /// Records the resources not recorded yet (persisted in pages before this returns). When the record would pass a
    /// limit, or has grown past <see cref="_pruneAbove"/>, it is pruned first; only then is a limit enforced.
    /// </summary>
    private async Task RecordAsync(GrainId[] resources)
    {
        // The first attach of an activation reads what earlier activations recorded, so that a resent attach is
        // neither counted nor recorded twice.
        if (_record is null || _quota is null)
        {
            var pages = await Task.WhenAll(Enumerable.Range(0, S.Pages).Select(i => Page(i).ListAsync()));
            _record = SessionRecord.Of(pages);
            _quota = new SessionQuota();
            _quota.Add(_record.Grains);
            _pruneAbove = Math.Max(FirstPruneAbove, 2 * _record.Count);
        }

        var fresh = resources.Distinct().Where(r => !_record.Contains(r)).ToArray();
        if (fresh.Length == 0)
        {
            return;
        }

        if (_quota.LimitPassedBy(fresh, Limits) is not null || _record.Count + fresh.Length > _pruneAbove)
        {
            await PruneAsync(_record, _quota);
        }

        _quota.EnsureRoom(fresh, Limits, $"session {this.GetPrimaryKey():N} of member '{S.MemberId}'");

        // Resources are recorded in pages of at most PageSize entries, each its own grain, so an attach writes small
        // pages instead of the whole list; pages that pruning emptied are filled again before a new one is added.
        for (var done = 0; done < fresh.Length;)
        {
            var page = _record.PageWithRoom();
            if (page < 0)
            {
                S.Pages++;
                await PersistAsync();
                _record.AddPage();
                page = _record.Pages - 1;
            }

            var chunk = fresh[done..Math.Min(fresh.Length, done + _record.RoomOn(page))];
            await Page(page).AddAsync(chunk);
            _record.Add(page, chunk);
            _quota.Add(chunk);
            done += chunk.Length;
        }
    }

    /// <summary>
    /// Drops from the record the grains where the session has nothing any more: each recorded grain is asked
    /// (<see cref="ISessionBoundGrain.TryDetachAsync"/>), and those that answer true are removed from their pages and
    /// from the count. A grain that answered true has forgotten the session, so the session's next request there
    /// records it again (this attach runs alone, so that record comes after this removal).
    /// </summary>
    private async Task PruneAsync(SessionRecord record, SessionQuota quota)
    {
        var before = record.Count;
        var detached = await SessionDetacher.DetachIdleAsync(GrainFactory, this.GetPrimaryKey(), record.Grains.ToArray(), logger);
        await Task.WhenAll(record.ByPage(detached).Select(async page =>
        {
            await Page(page.Page).RemoveAsync(page.Grains);
            record.Remove(page.Grains);
            quota.Remove(page.Grains);
        }));
        _pruneAbove = Math.Max(FirstPruneAbove, 2 * record.Count);
        LogPruned(this.GetPrimaryKey(), before, record.Count);
    }

    private void StartTimer()
    {
        if (_timer is not null)
        {
            return;
        }

        var period = TimeSpan.FromTicks(Math.Clamp(S.Ttl.Ticks / 10, TimeSpan.FromMilliseconds(50).Ticks, TimeSpan.FromSeconds(1).Ticks));
        _timer = this.RegisterGrainTimer(OnTimerAsync, new GrainTimerCreationOptions(period, period) { KeepAlive = true });
    }

    private async Task OnTimerAsync(CancellationToken cancellationToken)
    {
        if (S.Status == SessionStatus.Alive)
        {
            var now = clock.GetUtcNow();
            if (now <= _deadline)
            {
                return;
            }

            await ExpireAsync($"no heartbeat for {now - _deadline + S.Ttl}");
        }

        // A failed release is retried on the next tick (or by the reminder after a silo loss).
        await TryReleaseAllAsync();
    }

    private async Task ExpireAsync(string why)
    {
        S.Status = SessionStatus.Expired;
        await AttachesDoneAsync();
        await PersistAsync();
        IsLive = false;
        Metrics.SessionEnded(expired: true);
        LogExpired(S.MemberId, this.GetPrimaryKey(), why);
    }

    /// <summary>
    /// Tells every attached grain to release what the session held, then leaves the tombstone. Returns null when all
    /// released, or how many failed and the first error (releasing again is harmless).
    /// </summary>
    private async Task<(int Count, Exception First)?> TryReleaseAllAsync()
    {
        if (S.ReleasedAt is not null)
        {
            return null;
        }

        await AttachesDoneAsync();
        var reason = S.Status == SessionStatus.Expired ? SessionEndReason.Expired : SessionEndReason.Stopped;
        var sessionId = this.GetPrimaryKey();
        var pages = Enumerable.Range(0, S.Pages).Select(Page).ToArray();
        var pending = (await Task.WhenAll(pages.Select(p => p.ListAsync()))).SelectMany(r => r).Distinct().ToArray();
        var errors = (await Task.WhenAll(pending.Select(async resource =>
        {
            try
            {
                await GrainFactory.Reference<ISessionBoundGrain>(resource).ReleaseSessionAsync(sessionId, reason);
                return null;
            }
            catch (Exception ex)
            {
                LogReleaseFailed(ex, resource, sessionId);
                return ex;
            }
        }))).OfType<Exception>().ToArray();

        if (errors.Length > 0)
        {
            return (errors.Length, errors[0]);
        }

        await Task.WhenAll(pages.Select(p => p.ClearAsync()));
        _timer?.Dispose();
        _timer = null;
        S.Pages = 0;
        S.ReleasedAt = clock.GetUtcNow();
        await PersistAsync();
        await TryUnlistAsync();
        DeactivateOnIdle();
        return null;
    }

    /// <summary>
    /// Writes the session with its ETag. When the write fails for any reason (another activation wrote first, or
    /// storage failed), the state is re-read and this activation deactivates, so that it never answers from a change
    /// that is not stored (a retried start or end would otherwise find its flags set and skip the write).
    /// </summary>
    private Task PersistAsync() => state.WriteOrRecoverAsync(this, Metrics);

    private string ListedName => this.GetPrimaryKey().ToString("N");

    private INameDirectoryGrain Listing => NameDirectory.Of(GrainFactory, NameDirectory.Sessions, ListedName);

    /// <summary>Takes the session off the directory; a failure is logged, and the tombstone's removal tries again.</summary>
    private async Task TryUnlistAsync()
    {
        try
        {
            await Listing.RemoveAsync(ListedName);
        }
        catch (Exception ex)
        {
            LogUnlistFailed(ex, this.GetPrimaryKey());
        }
    }

    private async Task TryRegisterBackstopAsync()
    {
        try
        {
            await this.RegisterOrUpdateReminder(BackstopReminder, BackstopPeriod, BackstopPeriod);
        }
        catch (Exception ex)
        {
            LogNoReminders(ex, this.GetPrimaryKey());
        }
    }

    private async Task TryUnregisterBackstopAsync()
    {
        try
        {
            var reminder = await this.GetReminder(BackstopReminder);
            if (reminder is not null)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception ex)
        {
            LogNoReminders(ex, this.GetPrimaryKey());
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Session {SessionId} of member {MemberId} started with TTL {Ttl}")]
    private partial void LogStarted(string memberId, Guid sessionId, TimeSpan ttl);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} of member {MemberId} expired: {Why}")]
    private partial void LogExpired(string memberId, Guid sessionId, string why);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Session {SessionId}: record pruned from {Before} to {After} grains")]
    private partial void LogPruned(Guid sessionId, int before, int after);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Session {SessionId} of member {MemberId} ended")]
    private partial void LogEnded(string memberId, Guid sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Releasing session {SessionId} in {Resource} failed; will retry")]
    private partial void LogReleaseFailed(Exception ex, GrainId resource, Guid sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: taking it off the session directory failed")]
    private partial void LogUnlistFailed(Exception ex, Guid sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: the lease backstop reminder could not be updated (is a reminder service configured?)")]
    private partial void LogNoReminders(Exception ex, Guid sessionId);
}
