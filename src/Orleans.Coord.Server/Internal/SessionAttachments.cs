using Orleans.Coord.Grains;
using Orleans.Runtime;

namespace Orleans.Coord.Server.Internal;

/// <summary>
/// A session-bound grain's in-memory knowledge of which sessions record it (docs/design.md, "Sessions"): a session
/// confirmed here has answered this activation's <see cref="ISessionGrain.AttachAsync"/>, so its end or expiry will
/// reach this grain. A grain grants, queues or joins a session only once it is confirmed, inside a body that
/// <see cref="Pin"/>s the session; <see cref="TryDetach"/> forgets an unpinned session that has nothing here, after
/// which the session may drop this grain from its record and its next request here records it again. A new activation
/// knows no session, so it confirms each one again.
/// </summary>
/// <param name="grains">The grain factory.</param>
/// <param name="owner">The grain whose record this is.</param>
internal sealed class SessionAttachments(IGrainFactory grains, GrainId owner)
{
    private readonly HashSet<Guid> _confirmed = [];
    private readonly Dictionary<Guid, int> _pins = [];

    /// <summary>Whether the session is known to record this grain (it attached it in this activation and has not detached it).</summary>
    public bool IsConfirmed(Guid sessionId) => _confirmed.Contains(sessionId);

    /// <summary>
    /// Asks the session to record this grain (a persisted attach) and then knows it as recording it. The session grain
    /// answers only while the session is alive, so a completed call also proves it alive.
    /// </summary>
    /// <exception cref="SessionExpiredException">The session is no longer alive; nothing is recorded.</exception>
    /// <exception cref="CoordinationLimitExceededException">The session is at its limit of grains it uses at once.</exception>
    public async Task ConfirmAsync(Guid sessionId)
    {
        await grains.Reference<ISessionGrain>(sessionId).AttachAsync([owner]);
        _confirmed.Add(sessionId);
    }

    /// <summary>
    /// Keeps the session from being detached until the returned scope is disposed: taken by a body for the whole time it
    /// may grant, queue or join the session, since it awaits between confirming the session and changing the state.
    /// </summary>
    public IDisposable Pin(Guid sessionId)
    {
        _pins[sessionId] = _pins.GetValueOrDefault(sessionId) + 1;
        return new Unpin(this, sessionId);
    }

    /// <summary>
    /// Forgets the session and answers true when it is not pinned and <paramref name="involved"/> is false (it has
    /// nothing in any state that is or may become stored); otherwise answers false and forgets nothing.
    /// </summary>
    public bool TryDetach(Guid sessionId, bool involved)
    {
        if (involved || _pins.ContainsKey(sessionId))
        {
            return false;
        }

        _confirmed.Remove(sessionId);
        return true;
    }

    /// <summary>Forgets the session: its end reached the grain (a later request of it must record the grain again, and is refused).</summary>
    public void Forget(Guid sessionId) => _confirmed.Remove(sessionId);

    private sealed class Unpin(SessionAttachments owner, Guid sessionId) : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (_done)
            {
                return;
            }

            _done = true;
            if (owner._pins[sessionId] is 1)
            {
                owner._pins.Remove(sessionId);
            }
            else
            {
                owner._pins[sessionId]--;
            }
        }
    }
}
