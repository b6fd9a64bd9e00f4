using System.Runtime.CompilerServices;
using Orleans.Coord.Grains;
using Orleans.Coord.Groups;
using Orleans.Coord.Inspection;
using Orleans.Coord.Locks;
using Orleans.Coord.Validation;

namespace Orleans.Coord.Client.Inspection;

/// <summary>
/// What an operator reads and steers without a session: the groups, the locks, semaphores and reader-writer locks in
/// use, the elections and the live sessions, from the directories of names in use and the grains themselves. Reads
/// create nothing and change nothing: a name that does not exist reads as not found. A listing streams one directory
/// bucket at a time, so a long one starts at once. Each call is sent again when its message is lost (it only reads,
/// or it carries a request id), as the session API does.
/// </summary>
/// <param name="grains">The cluster client, or a silo's grain factory.</param>
/// <param name="options">The call timeout and retry window (<see cref="CoordinatorOptions.CallTimeout"/>, <see cref="CoordinatorOptions.SessionTtl"/>); defaults when null.</param>
public sealed class CoordinationInspector(IGrainFactory grains, CoordinatorOptions? options = null)
{
    private static readonly string[] LockKinds = [NameDirectory.Locks, NameDirectory.Semaphores, NameDirectory.ReaderWriterLocks];

    private readonly IGrainFactory _grains = grains ?? throw new ArgumentNullException(nameof(grains));
    private readonly CoordinatorOptions _options = options ?? new CoordinatorOptions();

    /// <summary>Every group, by name, with its member count and version.</summary>
    public async IAsyncEnumerable<GroupSummary> ListGroupsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var name in NamesAsync(NameDirectory.Groups, cancellationToken))
        {
            if (await GetGroupAsync(name, cancellationToken) is { } snapshot)
            {
                yield return new GroupSummary(name, snapshot.Members.Count, snapshot.Version);
            }
        }
    }

    /// <summary>The group's members and version; null when the group does not exist.</summary>
    /// <exception cref="ArgumentException"><paramref name="group"/> breaks the name rules.</exception>
    public async Task<GroupSnapshot?> GetGroupAsync(string group, CancellationToken cancellationToken = default)
    {
        var grain = _grains.Reference<IGroupGrain>(Guard.Name(group, nameof(group)));
        try
        {
            return await Run(grain.GetSnapshotAsync, cancellationToken);
        }
        catch (GroupNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Every exclusive lock, semaphore and reader-writer lock that has a holder or a waiter, kind by kind and by name.</summary>
    public async IAsyncEnumerable<LeaseQueueInfo> ListLocksAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var kind in LockKinds)
        {
            await foreach (var info in InUseAsync(kind, cancellationToken))
            {
                yield return info;
            }
        }
    }

    /// <summary>
    /// The locks named <paramref name="name"/> that are in use, of each kind (an exclusive lock, a semaphore and a
    /// reader-writer lock may share a name); empty when none is.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> breaks the name rules.</exception>
    public async Task<IReadOnlyList<LeaseQueueInfo>> GetLockAsync(string name, CancellationToken cancellationToken = default)
    {
        Guard.Name(name, nameof(name));
        var found = new List<LeaseQueueInfo>();
        foreach (var kind in LockKinds)
        {
            if (await InfoAsync(kind, name, cancellationToken) is { InUse: true } info)
            {
                found.Add(info);
            }
        }

        return found;
    }

    /// <summary>
    /// Breaks the exclusive lock <paramref name="name"/>: its holder's hold ends at once (its <c>Lost</c> fires) and
    /// the next waiter is granted. Returns the grant it broke (read just before the break); null when the lock was free.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> breaks the name rules.</exception>
    public async Task<LeaseHolderInfo?> BreakLockAsync(string name, CancellationToken cancellationToken = default)
    {
        var grain = _grains.Reference<ILockGrain>(Guard.Name(name, nameof(name)));
        if (await InfoAsync(NameDirectory.Locks, name, cancellationToken) is not { Holders: [var holder, ..] })
        {
            return null;
        }

        // The break names the grant read: a copy of it sent again, however late, never ends a later grant.
        var requestId = Guid.NewGuid();
        return await Run(() => grain.BreakAsync(requestId, holder.Token), cancellationToken) ? holder : null;
    }

    /// <summary>Every election that has a leader or a candidate, by name.</summary>
    public IAsyncEnumerable<LeaseQueueInfo> ListElectionsAsync(CancellationToken cancellationToken = default) =>
        InUseAsync(NameDirectory.Elections, cancellationToken);

    /// <summary>The election's leader (its first holder) and candidates in order; null when it has neither.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> breaks the name rules.</exception>
    public async Task<LeaseQueueInfo?> GetElectionAsync(string name, CancellationToken cancellationToken = default) =>
        await InfoAsync(NameDirectory.Elections, Guard.Name(name, nameof(name)), cancellationToken) is { InUse: true } info ? info : null;

    /// <summary>Every session that has started and not yet released what it held, by session id.</summary>
    public async IAsyncEnumerable<SessionInfo> ListSessionsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var id in NamesAsync(NameDirectory.Sessions, cancellationToken))
        {
            if (Guid.TryParseExact(id, "N", out var sessionId)
                && await Run(_grains.Reference<ISessionGrain>(sessionId).GetInfoAsync, cancellationToken) is { } info)
            {
                yield return info;
            }
        }
    }

    private async IAsyncEnumerable<LeaseQueueInfo> InUseAsync(string kind, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var name in NamesAsync(kind, cancellationToken))
        {
            if (await InfoAsync(kind, name, cancellationToken) is { InUse: true } info)
            {
                yield return info;
            }
        }
    }

    private async IAsyncEnumerable<string> NamesAsync(string kind, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var directory in NameDirectory.All(_grains, kind))
        {
            foreach (var name in await Run(directory.ListAsync, cancellationToken))
            {
                yield return name;
            }
        }
    }

    private Task<LeaseQueueInfo> InfoAsync(string kind, string name, CancellationToken cancellationToken)
    {
        ILeaseGrain grain = kind switch
        {
            NameDirectory.Locks => _grains.Reference<ILockGrain>(name),
            NameDirectory.Semaphores => _grains.Reference<ISemaphoreGrain>(name),
            NameDirectory.ReaderWriterLocks => _grains.Reference<IReaderWriterLockGrain>(name),
            _ => _grains.Reference<IElectionGrain>(name),
        };
        return Run(grain.GetInfoAsync, cancellationToken);
    }

    private Task<T> Run<T>(Func<Task<T>> call, CancellationToken cancellationToken) =>
        Internal.GrainCallRetry.RunRepeatableAsync(call, _options, cancellationToken);
}
