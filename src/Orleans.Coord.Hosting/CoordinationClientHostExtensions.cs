using Microsoft.Extensions.Hosting;
using Orleans.Coord.Client;

namespace Orleans.Coord.Hosting;

/// <summary>A client host's coordination in one call: the cluster client on the configured backend, and the hosted coordinator.</summary>
public static class CoordinationClientHostExtensions
{
    /// <summary>The environment variable read for the backend URL when the configuration section has none.</summary>
    public const string BackendVariable = "ORLEANS_COORD_BACKEND";

    /// <summary>
    /// Adds an Orleans cluster client connected through the backend named by <c>{section}:Backend</c> (else the
    /// <c>ORLEANS_COORD_BACKEND</c> environment variable, else <c>localhost</c>), then
    /// <see cref="CoordinatorServiceCollectionExtensions.AddCoordinator(IHostApplicationBuilder, string, Action{HostedCoordinatorOptions}?)"/>
    /// with the same section. <paramref name="configureClient"/> may add to the cluster client.
    /// </summary>
    /// <exception cref="FormatException">The backend URL is malformed; the message names the part and the accepted forms.</exception>
    /// <exception cref="NotSupportedException">The backend is recognised but not available in this build.</exception>
    public static CoordinatorBuilder AddCoordinationClient(this IHostApplicationBuilder builder, string sectionName = CoordinatorServiceCollectionExtensions.DefaultSectionName, Action<IClientBuilder>? configureClient = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var text = builder.Configuration[$"{sectionName}:Backend"] ?? Environment.GetEnvironmentVariable(BackendVariable) ?? "localhost";
        var backend = BackendUrl.Parse(text);
        builder.UseOrleansClient(client =>
        {
            client.UseCoordBackend(backend);
            configureClient?.Invoke(client);
        });
        return builder.AddCoordinator(sectionName);
    }
}
