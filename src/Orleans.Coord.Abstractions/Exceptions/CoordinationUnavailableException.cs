namespace Orleans.Coord;

/// <summary>
/// The backend did not confirm a change, or could not be read. After a failed storage write (the server is unreachable,
/// restarting, out of memory, or timed out) the change may or may not be stored, and the grain re-reads its state and
/// starts afresh (docs/design.md, rule 2). After a failed read (<see cref="Unreadable"/>) the grain could not activate
/// and changed nothing. The client sends a call that is safe to repeat again, with backoff, for up to one session TTL,
/// and throws this exception only when the backend stayed unavailable for that long. The inner exception is the storage
/// provider's error, or, when that error is of a type Orleans cannot send to the caller, an <c>OrleansException</c>
/// that names its type and message.
/// </summary>
[GenerateSerializer]
public sealed class CoordinationUnavailableException : CoordinationException
{
    /// <summary>Creates the exception for the grain whose write failed, with the storage provider's error.</summary>
    public CoordinationUnavailableException(string grain, Exception? storageError)
        : this(grain, storageError, $"The backend did not store the change of {grain} ({Describe(storageError)}); the change may not be stored, and the call can be sent again.")
    {
    }

    private CoordinationUnavailableException(string grain, Exception? storageError, string message)
        : base(message, storageError)
    {
        Grain = grain;
    }

    /// <summary>The grain whose write or read failed.</summary>
    [Id(0)]
    public string Grain { get; private set; }

    /// <summary>Creates the exception for a grain whose state could not be read: it did not activate and changed nothing.</summary>
    public static CoordinationUnavailableException Unreadable(string grain, Exception? storageError) =>
        new(grain, storageError, $"The backend could not be read for {grain} ({Describe(storageError)}); nothing was changed, and the call can be sent again.");

    private static string Describe(Exception? storageError) =>
        $"{storageError?.GetBaseException().GetType().Name}: {storageError?.GetBaseException().Message}";
}
