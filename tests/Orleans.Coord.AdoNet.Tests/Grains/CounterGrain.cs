using Orleans.Runtime;

namespace Orleans.Coord.AdoNet.Tests.Grains;

/// <inheritdoc cref="ICounterGrain"/>
public sealed class CounterGrain(
    [PersistentState("counter", ClusterSetup.StorageName)] IPersistentState<CounterState> state,
    ILocalSiloDetails silo) : Grain, ICounterGrain
{
    public async Task<int> Increment()
    {
        state.State.Value++;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<int> Get() => Task.FromResult(state.State.Value);

    public Task<SiloAddress> GetSilo() => Task.FromResult(silo.SiloAddress);

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
