using System.Buffers;
using System.IO.Hashing;
using System.Text;

namespace Orleans.Coord.Client.Partitioning;

/// <summary>
/// The ring's hash: XxHash64 (seed 0) of a key's bytes, strings as UTF-8. Node points use the node's UTF-8 bytes with
/// seeds 1, 2, 3, … so that raising a weight keeps the node's existing points. Stable across processes and versions.
/// </summary>
internal static class RingHash
{
    private const int StackLimit = 512;

    public static ulong Key(ReadOnlySpan<byte> key) => XxHash64.HashToUInt64(key);

    public static ulong Key(string key)
    {
        var max = Encoding.UTF8.GetMaxByteCount(key.Length);
        if (max <= StackLimit)
        {
            Span<byte> buffer = stackalloc byte[StackLimit];
            var length = Encoding.UTF8.GetBytes(key, buffer);
            return Key(buffer[..length]);
        }

        var rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var length = Encoding.UTF8.GetBytes(key, rented);
            return Key(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public static ulong Point(ReadOnlySpan<byte> node, int index) => XxHash64.HashToUInt64(node, index + 1L);
}
