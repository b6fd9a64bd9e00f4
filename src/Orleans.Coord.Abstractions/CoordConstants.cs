namespace Orleans.Coord;

/// <summary>
/// Names shared by silos and clients: the grain storage and stream provider that Orleans.Coord uses,
/// and the stream namespaces of each primitive.
/// </summary>
public static class CoordConstants
{
    /// <summary>The name of the grain storage provider that holds coordination state.</summary>
    public const string StorageName = "coord";

    /// <summary>The name of the grain storage that holds the coordination streams' subscriptions (Orleans' name for it).</summary>
    public const string PubSubStoreName = "PubSubStore";

    /// <summary>The name of the stream provider that carries coordination events.</summary>
    public const string StreamProviderName = "coord";

    /// <summary>The number of queues of the coordination stream provider; silos and clients must use the same number.</summary>
    public const int StreamQueueCount = 4;

    /// <summary>The stream namespace of group events; the stream key is the group name.</summary>
    public const string GroupStreamNamespace = "orleans-coord.group";

    /// <summary>The stream namespace of lock events; the stream key is the lock name. Published only where the silo turns lock streams on.</summary>
    public const string LockStreamNamespace = "orleans-coord.lock";

    /// <summary>The stream namespace of semaphore events; the stream key is the semaphore name. Published only where the silo turns lock streams on.</summary>
    public const string SemaphoreStreamNamespace = "orleans-coord.semaphore";

    /// <summary>The stream namespace of reader-writer lock events; the stream key is the lock name. Published only where the silo turns lock streams on.</summary>
    public const string ReaderWriterLockStreamNamespace = "orleans-coord.rwlock";

    /// <summary>The stream namespace of election events; the stream key is the election name.</summary>
    public const string ElectionStreamNamespace = "orleans-coord.election";
}
