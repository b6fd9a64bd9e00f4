using Microsoft.Extensions.Logging;
using Orleans.Coord.Grains;
using Orleans.Runtime;

namespace Orleans.Coord.Server.Internal;

/// <summary>
/// A grain's view of whether the sessions it serves are alive. The session grain is the authority; an answer of
/// "alive" is reused for <see cref="ReuseFor"/>, and forgotten at once when the session's release reaches the grain
/// (<see cref="Forget"/>). A grant made on a reused answer to a session that ended meanwhile is the same race as a
/// grant made just before the session ends: the session's release follows and takes it back.
/// </summary>
internal sealed partial class SessionLiveness(IGrainFactory grains, TimeProvider clock, ILogger logger, GrainId owner)
{
    /// <summary>How long an "alive" answer is reused.</summary>
    public static readonly TimeSpan ReuseFor = TimeSpan.FromMilliseconds(100);

    private const int PruneAbove = 256;

    private readonly Dictionary<Guid, long> _seenAlive = [];

    /// <summary>Whether the session is alive, from an answer at most <see cref="ReuseFor"/> old or by asking its grain.</summary>
    /// <param name="sessionId">The session.</param>
    /// <param name="assumeAliveOnError">Answer true (and log) when the session grain cannot be asked; otherwise the error propagates.</param>
    public async Task<bool> IsAliveAsync(Guid sessionId, bool assumeAliveOnError = false)
    {
        if (_seenAlive.TryGetValue(sessionId, out var seenAt) && clock.GetElapsedTime(seenAt) < ReuseFor)
        {
            return true;
        }

        return await IsAliveNowAsync(sessionId, assumeAliveOnError);
    }

    /// <summary>Whether the session is alive, asking its grain now.</summary>
    /// <inheritdoc cref="IsAliveAsync" path="/param"/>
    public async Task<bool> IsAliveNowAsync(Guid sessionId, bool assumeAliveOnError = false)
    {
        var asked = clock.GetTimestamp();
        bool alive;
        try
        {
            alive = await grains.Reference<ISessionGrain>(sessionId).IsAliveAsync();
        }
        catch (Exception ex) when (assumeAliveOnError)
        {
            LogAlivenessUnknown(ex, owner, sessionId);
            return true;
        }

        if (alive)
        {
            Remember(sessionId, asked);
        }
        else
        {
            _seenAlive.Remove(sessionId);
        }

        return alive;
    }

    /// <summary>
    /// Remembers that the session answered as alive a call made at <paramref name="askedAt"/> (a timestamp of the
    /// grain's clock): the session grain answered another call (an attach) that it answers only while alive.
    /// </summary>
    public void SeenAlive(Guid sessionId, long askedAt) => Remember(sessionId, askedAt);

    /// <summary>Drops what is known of the session: called when its release (end or expiry) reaches the grain.</summary>
    public void Forget(Guid sessionId) => _seenAlive.Remove(sessionId);

    private void Remember(Guid sessionId, long askedAt)
    {
        if (_seenAlive.Count >= PruneAbove)
        {
            foreach (var (id, seenAt) in _seenAlive)
            {
                if (clock.GetElapsedTime(seenAt) >= ReuseFor)
                {
                    _seenAlive.Remove(id);
                }
            }
        }

        _seenAlive[sessionId] = askedAt;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Grain}: could not ask whether session {SessionId} is alive; assuming it is")]
    private partial void LogAlivenessUnknown(Exception ex, GrainId grain, Guid sessionId);
}
