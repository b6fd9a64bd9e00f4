namespace Orleans.Coord;

/// <summary>
/// The backend did not confirm a change: its storage write failed (the server is unreachable, restarting, out of
/// memory, or timed out), so the change may or may not be stored. The grain re-reads its state and starts afresh
/// (docs/design.md, rule 2). The client sends a call that is safe to repeat again, with backoff, for up to one session
/// TTL, and throws this exception only when the backend stayed unavailable for that long. The inner exception is the
/// storage provider's error.
/// </summary>
[GenerateSerializer]
public sealed class CoordinationUnavailableException : CoordinationException
{
    /// <summary>Creates the exception for the grain whose write failed, with the storage provider's error.</summary>
    public CoordinationUnavailableException(string grain, Exception? storageError)
        : base($"The backend did not store the change of {grain} ({storageError?.GetBaseException().GetType().Name}: {storageError?.GetBaseException().Message}); the change may not be stored, and the call can be sent again.", storageError)
    {
        Grain = grain;
    }

    /// <summary>The grain whose write failed.</summary>
    [Id(0)]
    public string Grain { get; private set; }
}
