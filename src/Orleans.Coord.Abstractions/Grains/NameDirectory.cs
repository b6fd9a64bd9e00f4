using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace Orleans.Coord.Grains;

/// <summary>
/// Where names in use are indexed: each kind's names are spread over <see cref="Buckets"/> directory grains
/// (<see cref="INameDirectoryGrain"/>), so that no single grain serialises every creation.
/// </summary>
public static class NameDirectory
{
    /// <summary>The number of directory grains of each kind.</summary>
    public const int Buckets = 128;

    /// <summary>The kind of group names.</summary>
    public const string Groups = Telemetry.CoordTelemetry.Primitives.Group;

    /// <summary>The kind of exclusive lock names.</summary>
    public const string Locks = Telemetry.CoordTelemetry.Primitives.Lock;

    /// <summary>The kind of semaphore names.</summary>
    public const string Semaphores = Telemetry.CoordTelemetry.Primitives.Semaphore;

    /// <summary>The kind of reader-writer lock names.</summary>
    public const string ReaderWriterLocks = Telemetry.CoordTelemetry.Primitives.ReaderWriterLock;

    /// <summary>The kind of election names.</summary>
    public const string Elections = Telemetry.CoordTelemetry.Primitives.Election;

    /// <summary>The kind of session ids (as 32 hex digits).</summary>
    public const string Sessions = Telemetry.CoordTelemetry.Primitives.Session;

    /// <summary>The directory grain that indexes <paramref name="name"/> of <paramref name="kind"/>.</summary>
    public static INameDirectoryGrain Of(IGrainFactory grains, string kind, string name) =>
        grains.Reference<INameDirectoryGrain>(Key(kind, (int)(XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(name)) % Buckets)));

    /// <summary>Every directory grain of <paramref name="kind"/>, bucket 0 first.</summary>
    public static IEnumerable<INameDirectoryGrain> All(IGrainFactory grains, string kind) =>
        Enumerable.Range(0, Buckets).Select(bucket => grains.Reference<INameDirectoryGrain>(Key(kind, bucket)));

    private static string Key(string kind, int bucket) => $"{kind}/{bucket.ToString(CultureInfo.InvariantCulture)}";
}
