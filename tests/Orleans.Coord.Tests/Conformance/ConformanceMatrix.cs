using Orleans.Coord.Tests.Infrastructure;

namespace Orleans.Coord.Tests.Conformance;

// The backend × suite matrix, declared once: every suite of ConformanceTests runs unchanged on each backend below.
// localhost: 3 in-process TestingHost silos with storage that survives silo loss; Redis, PostgreSQL, MariaDB and
// ZooKeeper: 2 TestingHost silos each, configured by UseCoordBackend(url) against a real server the fixture starts;
// file: 1 TestingHost silo (the backend is for one silo) on a temporary directory.

/// <summary>The conformance suites on the localhost backend.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class LocalhostConformance(SharedClusterFixture cluster) : ConformanceTests(cluster);

/// <summary>The conformance suites on a real redis-server.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisConformance(RedisClusterFixture cluster) : ConformanceTests(cluster);

/// <summary>The conformance suites on a real PostgreSQL server.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresConformance(PostgresClusterFixture cluster) : ConformanceTests(cluster);

/// <summary>The conformance suites on a real MariaDB server.</summary>
[Collection(MariaDbCollection.Name)]
public sealed class MariaDbConformance(MariaDbClusterFixture cluster) : ConformanceTests(cluster);

/// <summary>The conformance suites on the file backend: one silo on a temporary directory.</summary>
[Collection(FileCollection.Name)]
public sealed class FileConformance(FileClusterFixture cluster) : ConformanceTests(cluster);

/// <summary>The conformance suites on a real ZooKeeper server.</summary>
[Collection(ZooKeeperCollection.Name)]
public sealed class ZooKeeperConformance(ZooKeeperClusterFixture cluster) : ConformanceTests(cluster);

[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisClusterFixture>
{
    public const string Name = "redis";
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresClusterFixture>
{
    public const string Name = "postgresql";
}

[CollectionDefinition(Name)]
public sealed class MariaDbCollection : ICollectionFixture<MariaDbClusterFixture>
{
    public const string Name = "mariadb";
}

[CollectionDefinition(Name)]
public sealed class FileCollection : ICollectionFixture<FileClusterFixture>
{
    public const string Name = "file";
}

[CollectionDefinition(Name)]
public sealed class ZooKeeperCollection : ICollectionFixture<ZooKeeperClusterFixture>
{
    public const string Name = "zookeeper";
}

/// <summary>The conformance suites on a real etcd server.</summary>
[Collection(EtcdCollection.Name)]
public sealed class EtcdConformance(EtcdClusterFixture cluster) : ConformanceTests(cluster);

[CollectionDefinition(Name)]
public sealed class EtcdCollection : ICollectionFixture<EtcdClusterFixture>
{
    public const string Name = "etcd";
}
