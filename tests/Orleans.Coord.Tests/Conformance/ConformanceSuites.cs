using Orleans.Coord.Tests.Infrastructure;

namespace Orleans.Coord.Tests.Conformance;

// The same behaviour tests, unchanged, on every backend: localhost (3 in-process TestingHost silos with storage that
// survives silo loss), and Redis, PostgreSQL, MariaDB and ZooKeeper (2 TestingHost silos each, configured by UseCoordBackend(url)
// against a real server the fixture starts).

[Collection(SharedClusterCollection.Name)]
public sealed class LocalhostGroupConformance(SharedClusterFixture f) : GroupConformanceTests(f);

[Collection(SharedClusterCollection.Name)]
public sealed class LocalhostWatchConformance(SharedClusterFixture f) : WatchConformanceTests(f);

[Collection(SharedClusterCollection.Name)]
public sealed class LocalhostSessionConformance(SharedClusterFixture f) : SessionConformanceTests(f);

[Collection(SharedClusterCollection.Name)]
public sealed class LocalhostLockConformance(SharedClusterFixture f) : LockConformanceTests(f);

[Collection(SharedClusterCollection.Name)]
public sealed class LocalhostLockLeaseConformance(SharedClusterFixture f) : LockLeaseConformanceTests(f);

[Collection(SharedClusterCollection.Name)]
public sealed class LocalhostElectionConformance(SharedClusterFixture f) : ElectionConformanceTests(f);

[Collection(SharedClusterCollection.Name)]
public sealed class LocalhostElectionLeaseConformance(SharedClusterFixture f) : ElectionLeaseConformanceTests(f);

[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisClusterFixture>
{
    public const string Name = "redis";
}

[Collection(RedisCollection.Name)]
public sealed class RedisGroupConformance(RedisClusterFixture f) : GroupConformanceTests(f);

[Collection(RedisCollection.Name)]
public sealed class RedisWatchConformance(RedisClusterFixture f) : WatchConformanceTests(f);

[Collection(RedisCollection.Name)]
public sealed class RedisSessionConformance(RedisClusterFixture f) : SessionConformanceTests(f);

[Collection(RedisCollection.Name)]
public sealed class RedisLockConformance(RedisClusterFixture f) : LockConformanceTests(f);

[Collection(RedisCollection.Name)]
public sealed class RedisLockLeaseConformance(RedisClusterFixture f) : LockLeaseConformanceTests(f);

[Collection(RedisCollection.Name)]
public sealed class RedisElectionConformance(RedisClusterFixture f) : ElectionConformanceTests(f);

[Collection(RedisCollection.Name)]
public sealed class RedisElectionLeaseConformance(RedisClusterFixture f) : ElectionLeaseConformanceTests(f);

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresClusterFixture>
{
    public const string Name = "postgresql";
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresGroupConformance(PostgresClusterFixture f) : GroupConformanceTests(f);

[Collection(PostgresCollection.Name)]
public sealed class PostgresWatchConformance(PostgresClusterFixture f) : WatchConformanceTests(f);

[Collection(PostgresCollection.Name)]
public sealed class PostgresSessionConformance(PostgresClusterFixture f) : SessionConformanceTests(f);

[Collection(PostgresCollection.Name)]
public sealed class PostgresLockConformance(PostgresClusterFixture f) : LockConformanceTests(f);

[Collection(PostgresCollection.Name)]
public sealed class PostgresLockLeaseConformance(PostgresClusterFixture f) : LockLeaseConformanceTests(f);

[Collection(PostgresCollection.Name)]
public sealed class PostgresElectionConformance(PostgresClusterFixture f) : ElectionConformanceTests(f);

[Collection(PostgresCollection.Name)]
public sealed class PostgresElectionLeaseConformance(PostgresClusterFixture f) : ElectionLeaseConformanceTests(f);

[CollectionDefinition(Name)]
public sealed class MariaDbCollection : ICollectionFixture<MariaDbClusterFixture>
{
    public const string Name = "mariadb";
}

[Collection(MariaDbCollection.Name)]
public sealed class MariaDbGroupConformance(MariaDbClusterFixture f) : GroupConformanceTests(f);

[Collection(MariaDbCollection.Name)]
public sealed class MariaDbWatchConformance(MariaDbClusterFixture f) : WatchConformanceTests(f);

[Collection(MariaDbCollection.Name)]
public sealed class MariaDbSessionConformance(MariaDbClusterFixture f) : SessionConformanceTests(f);

[Collection(MariaDbCollection.Name)]
public sealed class MariaDbLockConformance(MariaDbClusterFixture f) : LockConformanceTests(f);

[Collection(MariaDbCollection.Name)]
public sealed class MariaDbLockLeaseConformance(MariaDbClusterFixture f) : LockLeaseConformanceTests(f);

[Collection(MariaDbCollection.Name)]
public sealed class MariaDbElectionConformance(MariaDbClusterFixture f) : ElectionConformanceTests(f);

[Collection(MariaDbCollection.Name)]
public sealed class MariaDbElectionLeaseConformance(MariaDbClusterFixture f) : ElectionLeaseConformanceTests(f);

[CollectionDefinition(Name)]
public sealed class ZooKeeperCollection : ICollectionFixture<ZooKeeperClusterFixture>
{
    public const string Name = "zookeeper";
}

[Collection(ZooKeeperCollection.Name)]
public sealed class ZooKeeperGroupConformance(ZooKeeperClusterFixture f) : GroupConformanceTests(f);

[Collection(ZooKeeperCollection.Name)]
public sealed class ZooKeeperWatchConformance(ZooKeeperClusterFixture f) : WatchConformanceTests(f);

[Collection(ZooKeeperCollection.Name)]
public sealed class ZooKeeperSessionConformance(ZooKeeperClusterFixture f) : SessionConformanceTests(f);

[Collection(ZooKeeperCollection.Name)]
public sealed class ZooKeeperLockConformance(ZooKeeperClusterFixture f) : LockConformanceTests(f);

[Collection(ZooKeeperCollection.Name)]
public sealed class ZooKeeperLockLeaseConformance(ZooKeeperClusterFixture f) : LockLeaseConformanceTests(f);

[Collection(ZooKeeperCollection.Name)]
public sealed class ZooKeeperElectionConformance(ZooKeeperClusterFixture f) : ElectionConformanceTests(f);

[Collection(ZooKeeperCollection.Name)]
public sealed class ZooKeeperElectionLeaseConformance(ZooKeeperClusterFixture f) : ElectionLeaseConformanceTests(f);
