using Orleans.Serialization;
using Orleans.Storage;

namespace Orleans.Coord.Storage;

/// <summary>
/// Orleans' binary serializer for the grain storages Orleans provides (Redis, memory), in the same bytes as
/// <see cref="OrleansGrainStorageSerializer"/>: a state is written into a pooled buffer and copied once into an array
/// of its exact size, where <see cref="OrleansGrainStorageSerializer"/> grows a fresh buffer by doubling and leaves
/// every smaller copy behind. Compiled into each package that configures such a storage.
/// </summary>
internal sealed class PooledGrainStorageSerializer(Serializer serializer) : IGrainStorageSerializer
{
    private readonly Serializer _serializer = serializer ?? throw new ArgumentNullException(nameof(serializer));

    public BinaryData Serialize<T>(T? input) => new(_serializer.SerializeToArray(input));

    public T? Deserialize<T>(BinaryData input) => _serializer.Deserialize<T>(input.ToMemory());
}
