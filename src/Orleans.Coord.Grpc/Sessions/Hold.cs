using Orleans.Coord.Grpc.V1;

namespace Orleans.Coord.Grpc.Sessions;

/// <summary>Identifies one hold of a relayed session: its kind, its name and its fencing token (or term).</summary>
internal readonly record struct HoldKey(HoldKind Kind, string Name, long Token);

/// <summary>One lock hold or leadership a relayed session has, with the call that gives it up.</summary>
internal sealed record Hold(HoldKey Key, IAsyncDisposable Handle, Func<CancellationToken, Task<bool>> ReleaseAsync);
