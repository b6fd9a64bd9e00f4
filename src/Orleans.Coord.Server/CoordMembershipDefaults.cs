using Orleans.Configuration;

namespace Orleans.Coord.Server;

/// <summary>
/// Orleans.Coord's defaults for Orleans failure detection, tuned for a LAN: a silo that stops answering probes for
/// about 2 s (2 missed probes of 1 s) is suspected, and declared dead once the votes are in. Orleans' own defaults
/// take far longer, and for coordination a dead silo's grains (locks, leaders) must move quickly. Override with a later
/// <c>Configure&lt;ClusterMembershipOptions&gt;</c> on the silo builder.
/// </summary>
public static class CoordMembershipDefaults
{
    /// <summary>The probe timeout (1 s).</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);

    /// <summary>How many missed probes make a silo suspect (2).</summary>
    public const int NumMissedProbesLimit = 2;

    /// <summary>Sets the defaults on <paramref name="options"/>.</summary>
    public static void Apply(ClusterMembershipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ProbeTimeout = ProbeTimeout;
        options.NumMissedProbesLimit = NumMissedProbesLimit;
    }
}
