using Microsoft.Extensions.DependencyInjection;

namespace Orleans.Coord.Benchmarks;

/// <summary>How a scenario's sessions reach the cluster: an external cluster client, or code inside the silo.</summary>
internal sealed record Caller(string Name, Func<string, CoordinatorOptions?, Task<ICoordinator>> StartSession)
{
    public static Caller Client(IClusterClient client) =>
        new("client", (member, options) => Coordinator.StartAsync(client, member, options));

    public static Caller Grain(BenchmarkEnvironment environment) =>
        new("grain", (member, options) => Coordinator.StartAsync(
            environment.Silo.Services.GetRequiredService<IGrainFactory>(), environment.Silo.Services, member, options));
}
