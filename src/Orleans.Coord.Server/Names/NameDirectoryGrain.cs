using Orleans.Coord.Grains;
using Orleans.Coord.Server.Internal;
using Orleans.Storage;

namespace Orleans.Coord.Server.Names;

/// <summary>One bucket of the index of one kind's names in use (see <see cref="INameDirectoryGrain"/>).</summary>
internal sealed class NameDirectoryGrain(
    [PersistentState("names", ReadCheckedGrainStorage.Name)] IPersistentState<NameDirectoryState> state) : Grain, INameDirectoryGrain
{
    public async Task AddAsync(string name)
    {
        if (state.State.Names.Add(name))
        {
            await WriteAsync(() => state.State.Names.Remove(name));
        }
    }

    public async Task RemoveAsync(string name)
    {
        if (state.State.Names.Remove(name))
        {
            await WriteAsync(() => state.State.Names.Add(name));
        }
    }

    public Task<IReadOnlyList<string>> ListAsync() =>
        Task.FromResult<IReadOnlyList<string>>(state.State.Names.Order(StringComparer.Ordinal).ToArray());

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
