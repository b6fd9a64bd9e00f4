using System.Text;

namespace Orleans.Coord.Client.Partitioning;

/// <summary>String (UTF-8) and <see cref="IPartitionKey"/> keys for <see cref="IPartitioner"/>; they place exactly as their bytes do.</summary>
public static class PartitionerKeyExtensions
{
    /// <summary>The owners of a string key (see <see cref="IPartitioner.MembersFor"/>).</summary>
    public static IReadOnlyList<string> MembersFor(this IPartitioner partitioner, string key, int replicas = 1, IEnumerable<string>? ignore = null) =>
        partitioner.MembersFor(Utf8(key), replicas, ignore);

    /// <summary>The owners of an object key (see <see cref="IPartitioner.MembersFor"/>).</summary>
    public static IReadOnlyList<string> MembersFor(this IPartitioner partitioner, IPartitionKey key, int replicas = 1, IEnumerable<string>? ignore = null) =>
        partitioner.MembersFor(Bytes(key), replicas, ignore);

    /// <summary>Whether <paramref name="memberId"/> owns a string key (see <see cref="IPartitioner.BelongsTo"/>).</summary>
    public static bool BelongsTo(this IPartitioner partitioner, string key, string memberId, int replicas = 1) =>
        partitioner.BelongsTo(Utf8(key), memberId, replicas);

    /// <summary>Whether <paramref name="memberId"/> owns an object key (see <see cref="IPartitioner.BelongsTo"/>).</summary>
    public static bool BelongsTo(this IPartitioner partitioner, IPartitionKey key, string memberId, int replicas = 1) =>
        partitioner.BelongsTo(Bytes(key), memberId, replicas);

    /// <summary>Whether this member owns a string key (see <see cref="IPartitioner.BelongsToSelf"/>).</summary>
    public static bool BelongsToSelf(this IPartitioner partitioner, string key, int replicas = 1) =>
        partitioner.BelongsToSelf(Utf8(key), replicas);

    /// <summary>Whether this member owns an object key (see <see cref="IPartitioner.BelongsToSelf"/>).</summary>
    public static bool BelongsToSelf(this IPartitioner partitioner, IPartitionKey key, int replicas = 1) =>
        partitioner.BelongsToSelf(Bytes(key), replicas);

    private static byte[] Utf8(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Encoding.UTF8.GetBytes(key);
    }

    private static ReadOnlySpan<byte> Bytes(IPartitionKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.GetPartitionBytes();
    }
}
