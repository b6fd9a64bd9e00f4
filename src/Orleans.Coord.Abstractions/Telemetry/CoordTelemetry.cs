namespace Orleans.Coord.Telemetry;

/// <summary>
/// The names under which Orleans.Coord reports metrics and traces (docs/operations.md lists every instrument): one
/// meter and one activity source, both named <see cref="MeterName"/>, on silos and clients alike, and the tags they use.
/// </summary>
public static class CoordTelemetry
{
    /// <summary>The meter of every Orleans.Coord instrument, created through <c>IMeterFactory</c>: <c>Orleans.Coord</c>.</summary>
    public const string MeterName = "Orleans.Coord";

    /// <summary>The activity source of every Orleans.Coord span: <c>Orleans.Coord</c>.</summary>
    public const string ActivitySourceName = "Orleans.Coord";

    /// <summary>The kind of primitive: one of the values in <see cref="Primitives"/>.</summary>
    public const string PrimitiveTag = "orleans.coord.primitive";

    /// <summary>How an operation ended, for example <c>granted</c> or <c>timed_out</c>.</summary>
    public const string OutcomeTag = "orleans.coord.outcome";

    /// <summary>Why something ended or was sent again, for example <c>expired</c> or <c>timeout</c>.</summary>
    public const string ReasonTag = "orleans.coord.reason";

    /// <summary>The backend that stores coordination state, for example <c>redis</c>.</summary>
    public const string BackendTag = "orleans.coord.backend";

    /// <summary>
    /// The name of the lock, group or election. On spans always; on metrics only with
    /// <see cref="CoordTelemetryOptions.IncludeNames"/>, because names are unbounded.
    /// </summary>
    public const string NameTag = "orleans.coord.name";

    /// <summary>The fencing token of a grant, or the term of a leadership (on spans).</summary>
    public const string TokenTag = "orleans.coord.token";

    /// <summary>The member id (on spans).</summary>
    public const string MemberTag = "orleans.coord.member";

    /// <summary>The values of <see cref="PrimitiveTag"/>.</summary>
    public static class Primitives
    {
        /// <summary>An exclusive lock.</summary>
        public const string Lock = "lock";

        /// <summary>A counting semaphore.</summary>
        public const string Semaphore = "semaphore";

        /// <summary>A reader-writer lock.</summary>
        public const string ReaderWriterLock = "rwlock";

        /// <summary>A leader election.</summary>
        public const string Election = "election";

        /// <summary>A group.</summary>
        public const string Group = "group";

        /// <summary>A session.</summary>
        public const string Session = "session";
    }
}
