using Microsoft.Extensions.DependencyInjection;
using Orleans.Placement;
using Orleans.Runtime;

namespace Orleans.Coord.ZooKeeper.Tests.OrleansIntegration;

[GenerateSerializer]
public sealed class CounterState
{
    [Id(0)]
    public int Value { get; set; }

    [Id(1)]
    public string Text { get; set; } = string.Empty;
}

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> Increment();

    Task<int> Get();

    Task<string> GetSiloAddress();
}

[RandomPlacement]
public sealed class CounterGrain([PersistentState("counter", ZooKeeperClusterTests.StorageName)] IPersistentState<CounterState> state)
    : Grain, ICounterGrain
{
    public async Task<int> Increment()
    {
        state.State.Value++;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<int> Get() => Task.FromResult(state.State.Value);

    public Task<string> GetSiloAddress() => Task.FromResult(ServiceProvider.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToString());
}
