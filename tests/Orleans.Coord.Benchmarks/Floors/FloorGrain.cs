namespace Orleans.Coord.Benchmarks.Floors;

/// <summary>The floor grain: its state lives in the coordination grains' own storage provider.</summary>
internal sealed class FloorGrain(
    [PersistentState("floor", CoordConstants.StorageName)] IPersistentState<FloorState> state) : Grain, IFloorGrain
{
    public Task PingAsync() => Task.CompletedTask;

    public Task WriteAsync()
    {
        state.State.Counter++;
        return state.WriteStateAsync();
    }
}
