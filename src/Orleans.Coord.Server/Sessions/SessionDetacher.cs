using Microsoft.Extensions.Logging;
using Orleans.Coord.Grains;
using Orleans.Runtime;

namespace Orleans.Coord.Server.Sessions;

/// <summary>
/// Asks the grains a session records whether the session still has anything there
/// (<see cref="ISessionBoundGrain.TryDetachAsync"/>), a bounded number at a time, for the pruning of the session's
/// record (docs/design.md, "Sessions").
/// </summary>
internal static partial class SessionDetacher
{
    /// <summary>How many grains are asked at once.</summary>
    public const int InFlight = 64;

    /// <summary>
    /// The grains of <paramref name="recorded"/> that answered that the session has nothing there and no longer counts
    /// on being recorded by it. A grain that cannot be asked counts as still used.
    /// </summary>
    public static async Task<GrainId[]> DetachIdleAsync(IGrainFactory grains, Guid sessionId, IReadOnlyList<GrainId> recorded, ILogger logger)
    {
        var detached = new List<GrainId>();
        for (var done = 0; done < recorded.Count; done += InFlight)
        {
            var batch = recorded.Skip(done).Take(InFlight).ToArray();
            var answers = await Task.WhenAll(batch.Select(async grain =>
            {
                try
                {
                    return await grains.Reference<ISessionBoundGrain>(grain).TryDetachAsync(sessionId);
                }
                catch (Exception ex)
                {
                    LogUnanswered(logger, ex, grain, sessionId);
                    return false;
                }
            }));
            detached.AddRange(batch.Where((_, i) => answers[i]));
        }

        return detached.ToArray();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Session {SessionId}: {Grain} could not be asked whether the session still uses it; it stays recorded")]
    private static partial void LogUnanswered(ILogger logger, Exception ex, GrainId grain, Guid sessionId);
}
