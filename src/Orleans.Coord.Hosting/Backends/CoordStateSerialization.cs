using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;

namespace Orleans.Coord.Hosting.Backends;

/// <summary>
/// How the durable backends encode the coordination grains' state: Orleans' own binary serializer instead of the
/// default JSON one. Every state type is a <c>[GenerateSerializer]</c> type, grain and observer references included, so
/// nothing is lost; the records are smaller and each write (one per grant, release, join, leave) spends less CPU
/// before it reaches the server.
/// </summary>
internal static class CoordStateSerialization
{
    /// <summary>Makes the storage configured by <paramref name="options"/> use the Orleans binary serializer.</summary>
    public static void UseOrleansBinary<TOptions>(OptionsBuilder<TOptions> options)
        where TOptions : class, IStorageProviderSerializerOptions =>
        options.Configure<Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
}
