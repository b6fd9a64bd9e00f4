using Orleans.Concurrency;

namespace Orleans.Coord.Grains;

/// <summary>
/// One bucket of the index of the names in use of one kind (groups, locks, semaphores, reader-writer locks,
/// elections, sessions), keyed <c>kind/bucket</c> (<see cref="NameDirectory"/>). The named grains add and
/// remove themselves; each remains the authority on its own state, so a listed name is a name to ask, not a fact.
/// </summary>
public interface INameDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Adds a name (idempotent, persisted before it returns).</summary>
    Task AddAsync(string name);

    /// <summary>Removes a name (idempotent, persisted before it returns).</summary>
    Task RemoveAsync(string name);

    /// <summary>All names of the bucket, sorted ordinally.</summary>
    [ReadOnly]
    Task<IReadOnlyList<string>> ListAsync();
}
