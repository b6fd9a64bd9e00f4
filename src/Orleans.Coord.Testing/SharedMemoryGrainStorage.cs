using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Orleans.Coord.Testing;

/// <summary>
/// A grain storage for in-process test clusters that survives the loss of any silo: records live in the test process
/// (see <see cref="SharedMemoryStore"/>), are isolated per cluster id, are copied through the Orleans serializer, and
/// enforce ETags exactly as a durable store does (a stale write throws <see cref="InconsistentStateException"/>).
/// Not for production: the state is gone when the process ends.
/// </summary>
public sealed class SharedMemoryGrainStorage(string name, Serializer serializer, IOptions<ClusterOptions> cluster) : IGrainStorage
{
    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (SharedMemoryStore.TryRead(Key(stateName, grainId), out var record) && record is not null)
        {
            grainState.State = serializer.Deserialize<T>(record.Data);
            grainState.ETag = record.ETag;
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var data = serializer.SerializeToArray(grainState.State);
        var etag = SharedMemoryStore.TryWrite(Key(stateName, grainId), grainState.ETag, data, out var stored);
        if (etag is null)
        {
            throw new InconsistentStateException($"Stale write of '{stateName}' for {grainId} in storage '{name}'.", stored, grainState.ETag, null);
        }

        grainState.ETag = etag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (!SharedMemoryStore.TryDelete(Key(stateName, grainId), grainState.ETag, out var stored))
        {
            throw new InconsistentStateException($"Stale clear of '{stateName}' for {grainId} in storage '{name}'.", stored, grainState.ETag, null);
        }

        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private string Key(string stateName, GrainId grainId) => $"{cluster.Value.ClusterId}/{name}/{stateName}/{grainId}";
}
