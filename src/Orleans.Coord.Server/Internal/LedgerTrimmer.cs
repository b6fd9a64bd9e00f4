using Microsoft.Extensions.Logging;
using Orleans.Coord.Grains;
using Orleans.Runtime;

namespace Orleans.Coord.Server.Internal;

/// <summary>
/// Keeps a grain's <see cref="RequestLedger"/> to the sessions that can still send it requests. A session's entry
/// normally goes when the session's end reaches the grain; a session that dropped the grain from its record
/// (<see cref="ISessionBoundGrain.TryDetachAsync"/>) no longer tells it of its end, so its entry stays. Once the ledger
/// has grown past a threshold, the entries of sessions that have nothing in the grain are checked: those whose session
/// is no longer alive go (a request of a dead session is refused anyway: recording the grain at it, or asking whether
/// it is alive, fails), the others stay. The threshold then doubles over what remains, so checking costs at most about
/// one question per entry added.
/// </summary>
/// <param name="grains">The grain factory.</param>
/// <param name="logger">Where unanswered questions are logged.</param>
/// <param name="owner">The grain whose ledger this is.</param>
internal sealed partial class LedgerTrimmer(IGrainFactory grains, ILogger logger, GrainId owner)
{
    /// <summary>How many session entries the ledger holds before they are first checked.</summary>
    public const int FirstCheckAbove = 256;

    /// <summary>How many sessions are asked at once.</summary>
    private const int InFlight = 64;

    private int _checkAbove = FirstCheckAbove;

    /// <summary>
    /// When the ledger has more than the threshold of session entries, drops those of sessions that have nothing here
    /// (<paramref name="involved"/> is false) and are no longer alive; a session that cannot be asked is kept. Returns
    /// whether an entry was dropped (a change that may be written lazily: kept, an entry costs nothing but room).
    /// </summary>
    public async Task<bool> TrimAsync(RequestLedger ledger, Func<Guid, bool> involved)
    {
        if (ledger.BySession.Count <= _checkAbove)
        {
            return false;
        }

        var candidates = ledger.BySession.Keys.Where(id => id != RequestLedger.Administrative && !involved(id)).ToArray();
        var dead = new List<Guid>();
        for (var done = 0; done < candidates.Length; done += InFlight)
        {
            var batch = candidates.AsSpan(done, Math.Min(InFlight, candidates.Length - done)).ToArray();
            var alive = await Task.WhenAll(batch.Select(IsAliveAsync));
            dead.AddRange(batch.Where((_, i) => !alive[i]));
        }

        var dropped = false;
        foreach (var id in dead)
        {
            // Checked again: the body that trims awaited, and a dead session's hold is released by its end, not here.
            dropped |= !involved(id) && ledger.Forget(id);
        }

        _checkAbove = Math.Max(FirstCheckAbove, 2 * ledger.BySession.Count);
        return dropped;
    }

    private async Task<bool> IsAliveAsync(Guid sessionId)
    {
        try
        {
            return await grains.Reference<ISessionGrain>(sessionId).IsAliveAsync();
        }
        catch (Exception ex)
        {
            LogUnknown(ex, owner, sessionId);
            return true;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Grain}: could not ask whether session {SessionId} is alive; its ledger entry stays")]
    private partial void LogUnknown(Exception ex, GrainId grain, Guid sessionId);
}
