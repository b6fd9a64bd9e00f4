namespace Orleans.Coord.Client.Partitioning;

/// <summary>
/// An object that chooses the bytes it is placed on a <see cref="HashRing"/> by (Tooz's <c>__tooz_hash__</c>).
/// Two objects that return the same bytes always land on the same nodes, in every process.
/// </summary>
public interface IPartitionKey
{
    /// <summary>The bytes to hash; they must not change while the object is being placed.</summary>
    ReadOnlySpan<byte> GetPartitionBytes();
}
