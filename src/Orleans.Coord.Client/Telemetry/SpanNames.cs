using System.Diagnostics;
using Orleans.Coord.Client.Leases;
using Orleans.Coord.Telemetry;

namespace Orleans.Coord.Client.Telemetry;

/// <summary>The names of the client's spans (low-cardinality: the primitive and the operation, never the name).</summary>
internal static class SpanNames
{
    public const string Join = "group join";
    public const string Leave = "group leave";
    public const string Resync = "watch resync";

    public static string Acquire(string primitive) => primitive switch
    {
        CoordTelemetry.Primitives.Election => "election campaign",
        CoordTelemetry.Primitives.Semaphore => "semaphore acquire",
        CoordTelemetry.Primitives.ReaderWriterLock => "rwlock acquire",
        _ => "lock acquire",
    };

    public static string Release(string primitive) => primitive switch
    {
        CoordTelemetry.Primitives.Election => "election resign",
        CoordTelemetry.Primitives.Semaphore => "semaphore release",
        CoordTelemetry.Primitives.ReaderWriterLock => "rwlock release",
        _ => "lock release",
    };

    /// <summary>
    /// Runs a group call as a span (<paramref name="operation"/> on <paramref name="group"/>), whose outcome is
    /// <c>ok</c>, or <c>failed</c> with the error; the version the call answered is its token.
    /// </summary>
    public static async Task TraceAsync(string operation, string group, string memberId, Func<Task<long>> call)
    {
        var activity = Start(operation, CoordTelemetry.Primitives.Group, group, memberId);
        try
        {
            var version = await call();
            activity?.SetTag(CoordTelemetry.TokenTag, version);
            activity.Finish("ok");
        }
        catch (Exception ex)
        {
            activity.Finish("failed", ex);
            throw;
        }
    }

    /// <summary>Starts a client span on <paramref name="target"/> (null when nobody listens).</summary>
    public static Activity? Start(ILeaseTarget target, string operation, string memberId) =>
        Start(operation, target.Primitive, target.Name, memberId);

    /// <summary>Starts a client span that carries the primitive, the name and the member (null when nobody listens).</summary>
    public static Activity? Start(string operation, string primitive, string name, string memberId)
    {
        var activity = CoordActivities.Source.StartActivity(operation, ActivityKind.Client);
        if (activity is not null)
        {
            activity.SetTag(CoordTelemetry.PrimitiveTag, primitive);
            activity.SetTag(CoordTelemetry.NameTag, name);
            activity.SetTag(CoordTelemetry.MemberTag, memberId);
        }

        return activity;
    }
}
