namespace Orleans.Coord.Server.Leases;

/// <summary>
/// The answers of enqueue calls whose request queued, each held open for at most <see cref="Window"/> in case the
/// request is granted meanwhile (docs/design.md, rule 5). A grant that comes within the window travels in the answer
/// instead of a push: one message fewer per contended grant. The grant is handed over only after the write that holds
/// it has succeeded, like a push. Once any answer has said that the request waits (the window passed, or a copy of the
/// call was answered), the requester listens for the push, and the grant is pushed. Lives in one activation and
/// remembers a request only while its answer is held. Used on the grain's scheduler only.
/// </summary>
internal sealed class HeldAnswers
{
    /// <summary>How long an enqueue call's answer waits for its grant: well under a client's default call timeout (2 s).</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How many requests may wait ahead of one whose answer is held. A request further back is answered at once: its
    /// grant is likely to come late, and the calls a grain holds stay few however long its queue grows.
    /// </summary>
    public const int MostAhead = 8;

    private readonly Dictionary<Guid, TaskCompletionSource<Lease?>> _held = [];

    /// <summary>
    /// Holds the answer of the call that queued <paramref name="requestId"/> behind <paramref name="ahead"/> other
    /// requests, from now for at most <see cref="Window"/>: the task completes with the grant, or with null when the
    /// window passed or the hold ended without a grant (<see cref="Release"/>); from then on the grant is pushed. Null,
    /// holding nothing, when more than <see cref="MostAhead"/> requests wait ahead. Call in the turn that queued the request.
    /// </summary>
    public Task<Lease?>? Hold(Guid requestId, int ahead)
    {
        if (ahead > MostAhead)
        {
            return null;
        }

        var answer = new TaskCompletionSource<Lease?>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_held.Remove(requestId, out var earlier))
        {
            earlier.TrySetResult(null);
        }

        _held[requestId] = answer;
        return WaitAsync(requestId, answer);
    }

    private async Task<Lease?> WaitAsync(Guid requestId, TaskCompletionSource<Lease?> answer)
    {
        // Resumes on the grain's scheduler (the captured context): a grant handed over after the window passed but before
        // this resumes is in the task already, and this hold is no longer held.
        await ((Task)answer.Task.WaitAsync(Window)).ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.SuppressThrowing);
        if (_held.TryGetValue(requestId, out var current) && current == answer)
        {
            _held.Remove(requestId);
        }

        answer.TrySetResult(null);
        return await answer.Task;
    }

    /// <summary>
    /// Hands <paramref name="lease"/> to the held answer of its request, after the write that stored it; false when
    /// no answer is held, and the grant must be pushed.
    /// </summary>
    public bool TryAnswer(Guid requestId, Lease lease) =>
        _held.Remove(requestId, out var answer) && answer.TrySetResult(lease);

    /// <summary>
    /// Ends the hold of <paramref name="requestId"/>'s answer, if any, without a grant: its answer says the request
    /// waits (or whatever the call learns), and a later grant is pushed.
    /// </summary>
    public void Release(Guid requestId)
    {
        if (_held.Remove(requestId, out var answer))
        {
            answer.TrySetResult(null);
        }
    }
}
