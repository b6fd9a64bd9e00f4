namespace Orleans.Coord.Grpc.Errors;

/// <summary>A bound of <see cref="CoordGrpcOptions"/> was reached; nothing was changed. Mapped to <c>RESOURCE_EXHAUSTED</c>.</summary>
internal sealed class GrpcLimitExceededException(string option, int limit, string what)
    : CoordinationException($"{what}: the limit is {limit} ({nameof(CoordGrpcOptions)}.{option}).");
