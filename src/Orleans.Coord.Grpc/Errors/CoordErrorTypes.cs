namespace Orleans.Coord.Grpc.Errors;

/// <summary>
/// The error types the API puts in the <see cref="TrailerKey"/> trailer of a failed call, so that a client can tell
/// apart errors that share a status code (for example <see cref="MemberNotJoined"/> and <see cref="GroupNotFound"/>,
/// both <c>NOT_FOUND</c>).
/// </summary>
internal static class CoordErrorTypes
{
    /// <summary>The trailer (ASCII metadata) that names the error type.</summary>
    public const string TrailerKey = "coord-error-type";

    public const string GroupNotFound = "GroupNotFound";
    public const string GroupAlreadyExists = "GroupAlreadyExists";
    public const string GroupNotEmpty = "GroupNotEmpty";
    public const string MemberAlreadyJoined = "MemberAlreadyJoined";
    public const string MemberNotJoined = "MemberNotJoined";
    public const string NotLeader = "NotLeader";
    public const string AlreadyCampaigning = "AlreadyCampaigning";
    public const string SessionNotFound = "SessionNotFound";
    public const string SessionExpired = "SessionExpired";
    public const string SemaphoreMaxCountMismatch = "SemaphoreMaxCountMismatch";
    public const string InvalidArgument = "InvalidArgument";
    public const string Timeout = "Timeout";
    public const string Cancelled = "Cancelled";
    public const string LimitExceeded = "LimitExceeded";
    public const string Unavailable = "Unavailable";
    public const string Internal = "Internal";
}
