using Orleans.Coord.Server.Internal;
using Orleans.Coord.Sessions;
using Orleans.Runtime;

namespace Orleans.Coord.Server.Sessions;

/// <summary>
/// Holds up to <see cref="PageSize"/> of a session's attached resources, so that attaching writes one small record
/// (cost independent of how many grains the session already holds) rather than the session's whole list.
/// </summary>
internal sealed class SessionResourcePageGrain(
    [PersistentState("session-page", ReadCheckedGrainStorage.Name)] IPersistentState<SessionResourcePageState> state) : Grain, ISessionResourcePageGrain
{
    /// <summary>The most resources one page records.</summary>
    public const int PageSize = 32;

    public async Task AddAsync(GrainId[] resources)
    {
        var added = false;
        foreach (var resource in resources)
        {
            if (!state.State.Resources.Contains(resource))
            {
                state.State.Resources.Add(resource);
                added = true;
            }
        }

        if (added)
        {
            await state.WriteOrRecoverAsync(this);
        }
    }

    public async Task RemoveAsync(GrainId[] resources)
    {
        if (state.State.Resources.RemoveAll(r => Array.IndexOf(resources, r) >= 0) > 0)
        {
            await state.WriteOrRecoverAsync(this);
        }
    }

    public Task<IReadOnlyList<GrainId>> ListAsync() => Task.FromResult<IReadOnlyList<GrainId>>(state.State.Resources.ToArray());

    public async Task ClearAsync()
    {
        if (state.RecordExists)
        {
            await state.ClearStateAsync();
        }

        DeactivateOnIdle();
    }
}
