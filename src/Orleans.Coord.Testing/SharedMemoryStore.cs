using System.Collections.Concurrent;

namespace Orleans.Coord.Testing;

/// <summary>
/// The process-wide records behind <see cref="SharedMemoryGrainStorage"/>: every silo of a TestingHost cluster in this
/// process reads and writes the same records, so state survives stopping or killing any one silo (unlike Orleans'
/// memory storage, which lives inside a silo).
/// </summary>
public static class SharedMemoryStore
{
    private static readonly ConcurrentDictionary<string, Record> Records = new(StringComparer.Ordinal);
    private static long _nextEtag;

    internal sealed record Record(byte[] Data, string ETag);

    internal static bool TryRead(string key, out Record? record) => Records.TryGetValue(key, out record);

    /// <summary>Writes when the stored ETag equals <paramref name="expectedEtag"/> (null: no record). Returns the new ETag, or null on a conflict.</summary>
    internal static string? TryWrite(string key, string? expectedEtag, byte[] data, out string? storedEtag)
    {
        lock (Records)
        {
            Records.TryGetValue(key, out var current);
            storedEtag = current?.ETag;
            if (!string.Equals(storedEtag, expectedEtag, StringComparison.Ordinal))
            {
                return null;
            }

            var etag = Interlocked.Increment(ref _nextEtag).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Records[key] = new Record(data, etag);
            return etag;
        }
    }

    /// <summary>Deletes when the stored ETag equals <paramref name="expectedEtag"/>. Returns false on a conflict.</summary>
    internal static bool TryDelete(string key, string? expectedEtag, out string? storedEtag)
    {
        lock (Records)
        {
            Records.TryGetValue(key, out var current);
            storedEtag = current?.ETag;
            if (current is not null && !string.Equals(storedEtag, expectedEtag, StringComparison.Ordinal))
            {
                return false;
            }

            Records.TryRemove(key, out _);
            return true;
        }
    }

    /// <summary>Forgets every record whose key starts with the cluster id (call when a test cluster is disposed).</summary>
    public static void Clear(string clusterId)
    {
        foreach (var key in Records.Keys.Where(k => k.StartsWith(clusterId + "/", StringComparison.Ordinal)))
        {
            Records.TryRemove(key, out _);
        }
    }
}
