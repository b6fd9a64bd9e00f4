namespace Orleans.Coord.Grpc.Errors;

/// <summary>
/// No session with this id is relayed by this silo: it never existed here, ended, expired, or was started on another
/// silo (a session lives on the silo that started it). Mapped to <c>NOT_FOUND</c> with error type <c>SessionNotFound</c>.
/// </summary>
internal sealed class UnknownSessionException(string sessionId)
    : CoordinationException($"No session '{sessionId}' is open on this silo (it ended, expired, or was started on another silo); start a new session.");
