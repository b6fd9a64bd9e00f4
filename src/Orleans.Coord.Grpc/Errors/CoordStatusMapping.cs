using Grpc.Core;
using Orleans.Coord.Validation;
using Orleans.Runtime;

namespace Orleans.Coord.Grpc.Errors;

/// <summary>
/// The one mapping from the errors of the coordination API to gRPC status codes, with the error type in the
/// <see cref="CoordErrorTypes.TrailerKey"/> trailer (docs/grpc.md lists the table).
/// </summary>
internal static class CoordStatusMapping
{
    /// <summary>The status code and error type of <paramref name="error"/>.</summary>
    public static (StatusCode Code, string Type) Classify(Exception error, bool callCancelled) => error switch
    {
        GroupNotFoundException => (StatusCode.NotFound, CoordErrorTypes.GroupNotFound),
        MemberNotJoinedException => (StatusCode.NotFound, CoordErrorTypes.MemberNotJoined),
        UnknownSessionException => (StatusCode.NotFound, CoordErrorTypes.SessionNotFound),
        GroupAlreadyExistsException => (StatusCode.AlreadyExists, CoordErrorTypes.GroupAlreadyExists),
        MemberAlreadyJoinedException => (StatusCode.AlreadyExists, CoordErrorTypes.MemberAlreadyJoined),
        GroupNotEmptyException => (StatusCode.FailedPrecondition, CoordErrorTypes.GroupNotEmpty),
        NotLeaderException => (StatusCode.FailedPrecondition, CoordErrorTypes.NotLeader),
        AlreadyCampaigningException => (StatusCode.FailedPrecondition, CoordErrorTypes.AlreadyCampaigning),
        SessionExpiredException => (StatusCode.FailedPrecondition, CoordErrorTypes.SessionExpired),
        SemaphoreMaxCountMismatchException => (StatusCode.FailedPrecondition, CoordErrorTypes.SemaphoreMaxCountMismatch),
        ArgumentException => (StatusCode.InvalidArgument, CoordErrorTypes.InvalidArgument),
        TimeoutException => (StatusCode.DeadlineExceeded, CoordErrorTypes.Timeout),
        OperationCanceledException when callCancelled => (StatusCode.Cancelled, CoordErrorTypes.Cancelled),
        // The transport's error when the client reset its stream: the client is gone, nobody reads the status.
        IOException => (StatusCode.Cancelled, CoordErrorTypes.Cancelled),
        GrpcLimitExceededException or CoordinationLimitExceededException => (StatusCode.ResourceExhausted, CoordErrorTypes.LimitExceeded),
        CoordinationUnavailableException or SessionUnavailableException or SiloUnavailableException or OrleansMessageRejectionException =>
            (StatusCode.Unavailable, CoordErrorTypes.Unavailable),
        _ => (StatusCode.Internal, CoordErrorTypes.Internal),
    };

    /// <summary>The <see cref="RpcException"/> a call that failed with <paramref name="error"/> ends with.</summary>
    public static RpcException ToRpcException(Exception error, bool callCancelled)
    {
        var (code, type) = Classify(error, callCancelled);
        var message = error switch
        {
            ArgumentException argument => Guard.Describe(argument),
            _ when code == StatusCode.Internal => $"The call failed in the silo ({error.GetType().Name}); see the silo's log.",
            _ => error.Message,
        };
        return new RpcException(new Status(code, message), new global::Grpc.Core.Metadata { { CoordErrorTypes.TrailerKey, type } });
    }
}
