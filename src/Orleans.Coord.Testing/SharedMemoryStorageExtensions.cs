using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;

namespace Orleans.Coord.Testing;

/// <summary>Registers <see cref="SharedMemoryGrainStorage"/>.</summary>
public static class SharedMemoryStorageExtensions
{
    /// <summary>Adds a grain storage named <paramref name="name"/> that survives the loss of any silo in this process.</summary>
    public static ISiloBuilder AddSharedMemoryGrainStorage(this ISiloBuilder builder, string name)
    {
        builder.Services.AddGrainStorage(name, (sp, n) => new SharedMemoryGrainStorage(
            n, sp.GetRequiredService<Serializer>(), sp.GetRequiredService<IOptions<ClusterOptions>>()));
        return builder;
    }
}
