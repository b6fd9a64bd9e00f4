using Microsoft.Extensions.Options;

namespace Orleans.Coord.Server;

/// <summary>
/// Bounds on what one grain keeps for its callers, so that one misbehaving client cannot grow a grain's state or the
/// silo's memory without end. A request that would pass a limit throws <see cref="CoordinationLimitExceededException"/>
/// naming it, and changes nothing. Set them with <c>siloBuilder.Configure&lt;CoordResourceLimits&gt;(...)</c> or the
/// configuration section <see cref="SectionName"/> (bound by the silo program). Every limit is at least 1; an invalid
/// value stops the silo at start with an <see cref="OptionsValidationException"/>.
/// </summary>
public sealed class CoordResourceLimits
{
    /// <summary>The configuration section the silo program binds: <c>Coordination:Limits</c>.</summary>
    public const string SectionName = "Coordination:Limits";

    /// <summary>Waiting requests per lock, semaphore, reader-writer lock or election (candidates). Default 10,000.</summary>
    public int MaxWaiters { get; set; } = 10_000;

    /// <summary>Members per group. Default 10,000.</summary>
    public int MaxMembers { get; set; } = 10_000;

    /// <summary>
    /// Live push registrations per group or election grain. A client shares one registration among all its watches and
    /// observations of a grain, so this bounds the cluster clients (and silos, for the sessions inside them) that watch
    /// one grain at a time, not the watches each has; a registration its client stops renewing lapses. Default 1,000.
    /// </summary>
    public int MaxWatches { get; set; } = 1_000;

    /// <summary>
    /// Locks, semaphores, reader-writer locks and elections one session holds, waits on or campaigns in at once. The
    /// session grain records each one the session uses, so that it can release it when the session ends; a recorded one
    /// counts once until the record is pruned. Before an attach is refused, and whenever the record has doubled since its
    /// last pruning, every recorded grain where the session has nothing any more is dropped from the record, so a
    /// session that uses many names one after another (a worker locking each job's id) is never refused for the names it
    /// used before. Default 10,000.
    /// </summary>
    public int MaxHoldsPerSession { get; set; } = 10_000;

    /// <summary>
    /// Groups one session is a member of at once. The session grain records each group the session joins, so that it
    /// can leave it when the session ends; a recorded group counts once until the record is pruned, which drops the
    /// groups where the session has no member any more (see <see cref="MaxHoldsPerSession"/>), so joining and leaving
    /// many groups one after another is never refused. Default 10,000.
    /// </summary>
    public int MaxMembershipsPerSession { get; set; } = 10_000;

    /// <summary>Checks every limit.</summary>
    internal sealed class Validator : IValidateOptions<CoordResourceLimits>
    {
        public ValidateOptionsResult Validate(string? name, CoordResourceLimits options)
        {
            var errors = new[]
                {
                    (nameof(MaxWaiters), options.MaxWaiters), (nameof(MaxMembers), options.MaxMembers), (nameof(MaxWatches), options.MaxWatches),
                    (nameof(MaxHoldsPerSession), options.MaxHoldsPerSession), (nameof(MaxMembershipsPerSession), options.MaxMembershipsPerSession),
                }
                .Where(l => l.Item2 < 1)
                .Select(l => $"{SectionName}:{l.Item1} must be at least 1 (got {l.Item2}).")
                .ToArray();
            return errors.Length == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
