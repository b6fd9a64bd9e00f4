using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Orleans.Coord.Server.Internal;

/// <summary>
/// The grain storage the coordination grains use: the backend's provider (named <see cref="CoordConstants.StorageName"/>)
/// behind a check of its reads. A read that fails (the backend is unreachable, restarting or timed out) fails the
/// grain's activation; it reaches the caller as <see cref="CoordinationUnavailableException"/> (inside Orleans' own
/// wrapper), which the client sends again within one session TTL like a write the backend did not confirm, and names
/// in its final error (the provider's error inside it as <see cref="TransportableError"/> makes it). Writes and clears
/// pass through: the grains check them where they write.
/// </summary>
internal sealed class ReadCheckedGrainStorage(IGrainStorage backend, Serializer serializer) : IGrainStorage
{
    /// <summary>The name the coordination grains' persistent state asks for.</summary>
    public const string Name = "coord-read-checked";

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        try
        {
            await backend.ReadStateAsync(stateName, grainId, grainState);
        }
        catch (Exception ex) when (ex is not (InconsistentStateException or CoordinationException))
        {
            throw CoordinationUnavailableException.Unreadable(grainId.ToString(), TransportableError.Of(ex, serializer));
        }
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        backend.WriteStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        backend.ClearStateAsync(stateName, grainId, grainState);
}
