using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Coord.Validation;

namespace Orleans.Coord.Client.Partitioning;

/// <summary>Partitioned groups (Tooz's <c>join_partitioned_group</c>): share a key space among a group's members by consistent hashing.</summary>
public static class PartitionedGroupExtensions
{
    /// <summary>
    /// Joins <paramref name="group"/> (creating it when missing) with capabilities <c>{"weight": w}</c>, watches it and
    /// returns a partitioner whose ring holds every member with <paramref name="partitions"/> × its weight points
    /// (members whose capabilities have no integer weight count as 1). The ring contains this member when this returns
    /// and follows every later join, leave, expiry and weight update. Dispose the partitioner to stop watching and leave.
    /// Arguments are checked before any call. Cancellation stops waiting; a join already sent may still be applied, in
    /// which case it ends with the session.
    /// </summary>
    /// <param name="coordinator">The session that joins; its member id is the partitioner's <see cref="IPartitioner.MemberId"/>.</param>
    /// <param name="group">The group name (1 to <see cref="CoordLimits.MaxNameLength"/> characters, no control characters).</param>
    /// <param name="weight">This member's share relative to others: 1 to <see cref="PartitionLimits.MaxWeight"/>.</param>
    /// <param name="partitions">Ring points per unit of weight: 1 to <see cref="PartitionLimits.MaxPartitions"/>; every member must use the same value to agree.</param>
    /// <param name="logger">Where the partitioner logs watch failures and handler errors; none when null.</param>
    /// <param name="cancellationToken">Stops waiting for the join and the watch.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="weight"/> or <paramref name="partitions"/> is out of range.</exception>
    /// <exception cref="ArgumentException"><paramref name="group"/> is not a valid name.</exception>
    /// <exception cref="MemberAlreadyJoinedException">This member id is already a member of the group.</exception>
    /// <exception cref="SessionExpiredException">The session is no longer alive.</exception>
    public static async Task<IPartitioner> JoinPartitionedAsync(
        this ICoordinator coordinator,
        string group,
        int weight = 1,
        int partitions = PartitionLimits.DefaultPartitions,
        ILogger? logger = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(coordinator);
        Guard.Name(group, nameof(group));
        PartitionLimits.Weight(weight, nameof(weight));
        PartitionLimits.Partitions(partitions, nameof(partitions));

        var groups = coordinator.Groups;
        await groups.JoinOrCreateAsync(group, (ReadOnlyMemory<byte>)PartitionWeight.ToCapabilities(weight), cancellationToken);
        IGroupWatch watch;
        try
        {
            watch = await groups.OpenWatchAsync(group, cancellationToken);
        }
        catch
        {
            await TryLeaveAsync(groups, group);
            throw;
        }

        var partitioner = new GroupPartitioner(coordinator, watch, partitions, logger ?? NullLogger.Instance);
        partitioner.Start();
        return partitioner;
    }

    private static async Task TryLeaveAsync(IGroupCoordinator groups, string group)
    {
        try
        {
            await groups.LeaveAsync(group);
        }
        catch (Exception)
        {
            // The original error matters more; the membership ends with the session anyway.
        }
    }
}
