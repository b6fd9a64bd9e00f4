using System.Diagnostics;
using Orleans.Coord.Grains;
using Orleans.Coord.Internal;
using Orleans.Runtime;

namespace Orleans.Coord.Client.Internal;

/// <summary>
/// Attaches grains to the session (once per grain), gathering the attaches asked for while one is in flight into the
/// next single call. An attach asked for while the call in flight has taken longer than <see cref="SlowAfter"/> is sent
/// at once in a call of its own, so that a call stuck on a silo that has just died does not hold up later ones (a
/// fresh call reaches the session grain's new activation). Each call is bounded by <see cref="AttemptTimeout"/> and retried: a call that went to a silo that
/// has just died would otherwise wait out Orleans' whole response timeout, while a new call reaches the session
/// grain's new activation as soon as the cluster has declared the silo dead. Attaching is idempotent.
/// </summary>
internal sealed class SessionAttacher(SessionContext session)
{
    /// <summary>How long one attach call may take before it is sent again.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(3);

    /// <summary>How long a call may be in flight before a new attach is sent beside it rather than after it.</summary>
    public static readonly TimeSpan SlowAfter = TimeSpan.FromMilliseconds(500);

    private readonly Lock _gate = new();
    private readonly HashSet<GrainId> _attached = [];
    private Dictionary<GrainId, TaskCompletionSource>? _waiting;
    private int _senders;
    private long _lastSendAt;

    /// <summary>Returns once <paramref name="resource"/> is attached; cancelling stops waiting, not the attach.</summary>
    /// <exception cref="SessionExpiredException">The session is no longer alive.</exception>
    public Task AttachAsync(GrainId resource, CancellationToken cancellationToken)
    {
        TaskCompletionSource? attach;
        var send = false;
        lock (_gate)
        {
            if (_attached.Contains(resource))
            {
                return Task.CompletedTask;
            }

            _waiting ??= [];
            if (!_waiting.TryGetValue(resource, out attach))
            {
                attach = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiting[resource] = attach;
            }

            if (_senders == 0 || Stopwatch.GetElapsedTime(_lastSendAt) > SlowAfter)
            {
                _senders++;
                send = true;
            }
        }

        if (send)
        {
            _ = Task.Run(SendAsync, CancellationToken.None);
        }

        return attach.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Sends the gathered attaches, batch after batch, until none wait.</summary>
    private async Task SendAsync()
    {
        while (true)
        {
            KeyValuePair<GrainId, TaskCompletionSource>[] batch;
            lock (_gate)
            {
                if (_waiting is null || _waiting.Count == 0)
                {
                    _senders--;
                    return;
                }

                _lastSendAt = Stopwatch.GetTimestamp();
                batch = _waiting.Take(ISessionGrain.MaxAttachBatch).ToArray();
                foreach (var (resource, _) in batch)
                {
                    _waiting.Remove(resource);
                }
            }

            var error = await SendOneAsync(batch.Select(b => b.Key).ToArray());
            if (error is CoordinationLimitExceededException && batch.Length > 1)
            {
                // The session is at a limit: the batch was refused as a whole, so each attach is asked for on its own
                // and only the ones past the limit fail.
                foreach (var one in batch)
                {
                    Complete([one], await SendOneAsync([one.Key]));
                }
            }
            else
            {
                Complete(batch, error);
            }
        }
    }

    private void Complete(KeyValuePair<GrainId, TaskCompletionSource>[] batch, Exception? error)
    {
        lock (_gate)
        {
            if (error is null)
            {
                _attached.UnionWith(batch.Select(b => b.Key));
            }
        }

        foreach (var (_, attach) in batch)
        {
            if (error is null)
            {
                attach.TrySetResult();
            }
            else
            {
                attach.TrySetException(error);
            }
        }
    }

    private async Task<Exception?> SendOneAsync(GrainId[] resources)
    {
        Backoff? pauses = null;
        while (true)
        {
            if (session.Closed)
            {
                return new SessionExpiredException(session.MemberId, session.SessionId);
            }

            try
            {
                using var attempt = new CancellationTokenSource(AttemptTimeout);
                await GrainCallRetry.RunAsync(() => session.SessionGrain.AttachAsync(resources), session, attempt.Token);
                return null;
            }
            catch (OperationCanceledException)
            {
                // Try again: the session grain may be moving off a dead silo.
            }
            catch (Exception ex) when (ex is CoordinationUnavailableException || GrainCallRetry.IsLostOrRejected(ex))
            {
                // The backend did not store the record, or the call met a silo that has just died (the session grain
                // is activated elsewhere once the cluster declares it dead): send it again (attaching is idempotent)
                // after a pause, until the session ends.
                await Task.Delay((pauses ??= new Backoff(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(500))).Next());
            }
            catch (Exception ex)
            {
                return ex;
            }
        }
    }
}
