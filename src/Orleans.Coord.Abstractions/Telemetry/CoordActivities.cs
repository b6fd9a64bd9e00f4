using System.Diagnostics;

namespace Orleans.Coord.Telemetry;

/// <summary>The one activity source of Orleans.Coord's spans, shared by silos and clients in a process.</summary>
internal static class CoordActivities
{
    public static readonly ActivitySource Source = new(CoordTelemetry.ActivitySourceName);

    /// <summary>Ends <paramref name="activity"/> (when there is one) with an outcome, an error status for an error.</summary>
    public static void Finish(this Activity? activity, string outcome, Exception? error = null)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag(CoordTelemetry.OutcomeTag, outcome);
        if (error is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, error.Message);
            activity.AddTag("exception.type", error.GetType().FullName);
        }

        activity.Dispose();
    }
}
