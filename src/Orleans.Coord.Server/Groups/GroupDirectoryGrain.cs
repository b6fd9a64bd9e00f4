using Orleans.Coord.Grains;
using Orleans.Coord.Groups;
using Orleans.Runtime;
using Orleans.Storage;

namespace Orleans.Coord.Server.Groups;

/// <summary>One bucket of the index of group names.</summary>
internal sealed class GroupDirectoryGrain(
    [PersistentState("groups", CoordConstants.StorageName)] IPersistentState<GroupDirectoryState> state) : Grain, IGroupDirectoryGrain
{
    public async Task AddAsync(string group)
    {
        if (state.State.Groups.Add(group))
        {
            await WriteAsync(() => state.State.Groups.Remove(group));
        }
    }

    public async Task RemoveAsync(string group)
    {
        if (state.State.Groups.Remove(group))
        {
            await WriteAsync(() => state.State.Groups.Add(group));
        }
    }

    public Task<IReadOnlyList<string>> ListAsync() =>
        Task.FromResult<IReadOnlyList<string>>(state.State.Groups.Order(StringComparer.Ordinal).ToArray());

    private async Task WriteAsync(Action undo)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (InconsistentStateException)
        {
            undo();
            DeactivateOnIdle();
            throw;
        }
        catch
        {
            undo();
            throw;
        }
    }
}
