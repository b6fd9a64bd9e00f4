using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Coord.Client.Hosting;

namespace Orleans.Coord.Client;

/// <summary>Adds a coordinator that the host keeps running (<see cref="IHostedCoordinator"/>) to dependency injection.</summary>
public static class CoordinatorServiceCollectionExtensions
{
    /// <summary>The configuration section the <see cref="IHostApplicationBuilder"/> overload binds by default.</summary>
    public const string DefaultSectionName = "Coordination";

    /// <summary>
    /// Registers <see cref="IHostedCoordinator"/> and <see cref="ICoordinator"/> as one singleton whose session starts when
    /// the host has started and is released when the host starts stopping (before the cluster client or silo stops); a
    /// lost session is replaced (see <see cref="HostedCoordinatorOptions.OnSessionLost"/>). It works in a client host (next
    /// to <c>UseOrleansClient</c>) and in a silo host (over the silo's grain factory). Also registers the health check
    /// <c>coordination</c>. Options are checked when the host starts. Calling it again adds nothing but
    /// <paramref name="configure"/>.
    /// </summary>
    public static CoordinatorBuilder AddCoordinator(this IServiceCollection services, Action<HostedCoordinatorOptions>? configure = null) =>
        Add(services, null, configure);

    /// <summary>
    /// Like <see cref="AddCoordinator(IServiceCollection, Action{HostedCoordinatorOptions}?)"/>, with the options bound
    /// from the configuration section <paramref name="sectionName"/> (appsettings.json, environment variables such as
    /// <c>Coordination__SessionTtl</c>, the command line) and then <paramref name="configure"/>; the metrics' tagging
    /// (<see cref="Orleans.Coord.Telemetry.CoordTelemetryOptions"/>) is bound from its <c>Telemetry</c> subsection.
    /// </summary>
    public static CoordinatorBuilder AddCoordinator(this IHostApplicationBuilder builder, string sectionName = DefaultSectionName, Action<HostedCoordinatorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(sectionName);
        builder.Services.AddOptions<HostedCoordinatorOptions>().Bind(builder.Configuration.GetSection(sectionName));
        builder.Services.AddOptions<Orleans.Coord.Telemetry.CoordTelemetryOptions>().Bind(builder.Configuration.GetSection($"{sectionName}:Telemetry"));
        return Add(builder.Services, sectionName, configure);
    }

    private static CoordinatorBuilder Add(IServiceCollection services, string? sectionName, Action<HostedCoordinatorOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<HostedCoordinatorOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(HostedCoordinator)))
        {
            return new CoordinatorBuilder(services);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HostedCoordinatorOptions>>(new HostedCoordinatorOptionsValidator(sectionName)));
        services.AddSingleton<HostedCoordinator>();
        services.AddSingleton<IHostedCoordinator>(sp => sp.GetRequiredService<HostedCoordinator>());
        services.AddSingleton<ICoordinator>(sp => sp.GetRequiredService<HostedCoordinator>());
        services.AddHostedService(sp => sp.GetRequiredService<HostedCoordinator>());
        services.AddHealthChecks().AddCheck<CoordinatorHealthCheck>("coordination", tags: ["coordination"]);
        return new CoordinatorBuilder(services);
    }
}
