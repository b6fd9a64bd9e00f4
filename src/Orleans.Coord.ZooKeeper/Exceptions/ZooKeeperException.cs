namespace Orleans.Coord.ZooKeeper;

/// <summary>
/// Base class of the errors a <see cref="ZooKeeperClient"/> operation reports: carries the protocol
/// <see cref="ErrorCode"/> and the (client-side, chroot-relative) path concerned. For a failed
/// <see cref="ZooKeeperClient.MultiAsync"/>, also the index of the failing operation and every operation's result.
/// </summary>
public class ZooKeeperException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errorCode">The protocol error code.</param>
    /// <param name="path">The path the failed operation concerned, if any.</param>
    /// <param name="message">A message; a default one naming the code and path is used when null.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public ZooKeeperException(ZooKeeperErrorCode errorCode, string? path, string? message = null, Exception? innerException = null)
        : base(message ?? DefaultMessage(errorCode, path), innerException)
    {
        ErrorCode = errorCode;
        Path = path;
    }

    /// <summary>The protocol error code.</summary>
    public ZooKeeperErrorCode ErrorCode { get; }

    /// <summary>The path the failed operation concerned (as the caller named it, without chroot), or null.</summary>
    public string? Path { get; }

    /// <summary>For a failed multi: the zero-based index of the operation that failed; otherwise null.</summary>
    public int? FailedOperationIndex { get; internal set; }

    /// <summary>
    /// For a failed multi: one result per operation (the failing one carries the error, the others
    /// <see cref="ZooKeeperErrorCode.Ok"/> or <see cref="ZooKeeperErrorCode.RuntimeInconsistency"/> as rolled back); otherwise null.
    /// </summary>
    public IReadOnlyList<ZooKeeperOperationResult>? OperationResults { get; internal set; }

    private static string DefaultMessage(ZooKeeperErrorCode code, string? path) =>
        path is null ? $"ZooKeeper error {code} ({(int)code})." : $"ZooKeeper error {code} ({(int)code}) for path '{path}'.";
}
