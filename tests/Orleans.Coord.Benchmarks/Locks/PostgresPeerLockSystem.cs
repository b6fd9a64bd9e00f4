using Medallion.Threading.Postgres;

namespace Orleans.Coord.Benchmarks.Locks;

/// <summary>DistributedLock.Postgres (advisory locks) against the same PostgreSQL server. No fencing token.</summary>
internal sealed class PostgresPeerLockSystem(string connectionString) : ILockSystem
{
    public string System => "DistributedLock.Postgres";

    public Task<ILockContender> StartContenderAsync(string id) => Task.FromResult<ILockContender>(new Contender(connectionString));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class Contender(string connectionString) : ILockContender
    {
        public async Task<(IAsyncDisposable, long?)> AcquireAsync(string name, TimeSpan timeout) =>
            (await new PostgresDistributedLock(new PostgresAdvisoryLockKey(name, allowHashing: true), connectionString).AcquireAsync(timeout), null);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
