using Orleans.Coord.Telemetry;

namespace Orleans.Coord.Tests.Telemetry;

/// <summary>Short forms of the tags the instrument tests match on.</summary>
internal static class Tags
{
    public static (string, string) Name(string name) => (CoordTelemetry.NameTag, name);

    public static (string, string) Primitive(string primitive) => (CoordTelemetry.PrimitiveTag, primitive);

    public static (string, string) Outcome(string outcome) => (CoordTelemetry.OutcomeTag, outcome);

    public static (string, string) Reason(string reason) => (CoordTelemetry.ReasonTag, reason);

    public static (string, string) Backend(string backend) => (CoordTelemetry.BackendTag, backend);
}
