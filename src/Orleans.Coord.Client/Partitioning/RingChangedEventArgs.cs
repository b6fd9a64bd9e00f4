using Orleans.Coord.Groups;

namespace Orleans.Coord.Client.Partitioning;

/// <summary>
/// The members of a partitioned group changed, so some keys moved: a member joined, left, expired, or changed its
/// weight. Workers compare <see cref="OldMembers"/> and <see cref="NewMembers"/> (or re-check their keys with
/// <see cref="IPartitioner.BelongsToSelf(ReadOnlySpan{byte}, int)"/>) to rebalance.
/// </summary>
public sealed class RingChangedEventArgs : EventArgs
{
    /// <summary>Creates the event arguments.</summary>
    public RingChangedEventArgs(string group, IReadOnlyDictionary<string, int> oldWeights, IReadOnlyDictionary<string, int> newWeights, GroupEvent cause)
    {
        Group = group;
        OldWeights = oldWeights;
        NewWeights = newWeights;
        Cause = cause;
        OldMembers = oldWeights.Keys.Order(StringComparer.Ordinal).ToArray();
        NewMembers = newWeights.Keys.Order(StringComparer.Ordinal).ToArray();
        Added = NewMembers.Where(m => !oldWeights.ContainsKey(m)).ToArray();
        Removed = OldMembers.Where(m => !newWeights.ContainsKey(m)).ToArray();
    }

    /// <summary>The group name.</summary>
    public string Group { get; }

    /// <summary>The members before the change, ordered ordinally.</summary>
    public IReadOnlyList<string> OldMembers { get; }

    /// <summary>The members after the change, ordered ordinally.</summary>
    public IReadOnlyList<string> NewMembers { get; }

    /// <summary>Members in <see cref="NewMembers"/> but not in <see cref="OldMembers"/>.</summary>
    public IReadOnlyList<string> Added { get; }

    /// <summary>Members in <see cref="OldMembers"/> but not in <see cref="NewMembers"/>.</summary>
    public IReadOnlyList<string> Removed { get; }

    /// <summary>Each member's weight before the change.</summary>
    public IReadOnlyDictionary<string, int> OldWeights { get; }

    /// <summary>Each member's weight after the change.</summary>
    public IReadOnlyDictionary<string, int> NewWeights { get; }

    /// <summary>The group change that moved the ring (its <see cref="GroupEvent.Version"/> is the ring's new version).</summary>
    public GroupEvent Cause { get; }
}
