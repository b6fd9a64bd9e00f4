using Orleans.Concurrency;

namespace Orleans.Coord.Grains;

/// <summary>
/// The index of existing group names (one instance, key 0). Group grains add and remove themselves; the group grain
/// remains the authority on whether a group exists.
/// </summary>
public interface IGroupDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Adds a name (idempotent, persisted).</summary>
    Task AddAsync(string group);

    /// <summary>Removes a name (idempotent, persisted).</summary>
    Task RemoveAsync(string group);

    /// <summary>All names, sorted ordinally.</summary>
    [ReadOnly]
    Task<IReadOnlyList<string>> ListAsync();
}
