namespace Orleans.Coord;

/// <summary>The storage and clustering systems Orleans.Coord can run on.</summary>
public enum BackendKind
{
    /// <summary>Development: localhost clustering, in-memory state; one silo only.</summary>
    Localhost,

    /// <summary>Redis: clustering, grain storage and reminders in Redis.</summary>
    Redis,

    /// <summary>PostgreSQL through Orleans' ADO.NET providers.</summary>
    PostgreSql,

    /// <summary>MySQL or MariaDB through Orleans' ADO.NET providers.</summary>
    MySql,

    /// <summary>ZooKeeper.</summary>
    ZooKeeper,

    /// <summary>etcd (v3 API): clustering, grain storage and the stream pub-sub store under a key prefix.</summary>
    Etcd,

    /// <summary>Files in one directory: a durable backend for one silo on one host.</summary>
    File,
}
