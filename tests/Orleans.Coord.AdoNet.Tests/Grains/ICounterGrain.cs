using Orleans.Runtime;

namespace Orleans.Coord.AdoNet.Tests.Grains;

/// <summary>A counter whose value is kept with [PersistentState] in the ADO.NET grain storage.</summary>
public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Adds one, writes the state, and returns the new value.</summary>
    Task<int> Increment();

    /// <summary>Returns the value held by the current activation.</summary>
    Task<int> Get();

    /// <summary>Returns the silo hosting the current activation.</summary>
    Task<SiloAddress> GetSilo();

    /// <summary>Deactivates the grain after this call, so the next call reads the state from storage.</summary>
    Task Deactivate();
}
