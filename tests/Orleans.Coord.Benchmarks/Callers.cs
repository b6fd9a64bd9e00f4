using Microsoft.Extensions.DependencyInjection;
using Orleans.Coord.Client;

namespace Orleans.Coord.Benchmarks;

/// <summary>How a scenario's sessions reach the cluster: an external cluster client, or code inside the silo.</summary>
/// <param name="Name">"client" or "grain", as in the output's <c>caller</c> field.</param>
/// <param name="Grains">The grain factory calls go through (the cluster client's, or the silo's own).</param>
/// <param name="StartSession">Starts a coordination session with this caller's grain factory.</param>
internal sealed record Caller(string Name, IGrainFactory Grains, Func<string, CoordinatorOptions?, Task<ICoordinator>> StartSession)
{
    public static Caller Client(IClusterClient client) =>
        new("client", client, (member, options) => Coordinator.StartAsync(client, member, options));

    public static Caller Grain(BenchmarkEnvironment environment)
    {
        var grains = environment.Silo.Services.GetRequiredService<IGrainFactory>();
        return new("grain", grains, (member, options) => Coordinator.StartAsync(grains, environment.Silo.Services, member, options));
    }
}
