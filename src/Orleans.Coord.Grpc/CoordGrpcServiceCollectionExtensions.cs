using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Coord.Grpc.Errors;
using Orleans.Coord.Grpc.Services;
using Orleans.Coord.Grpc.Sessions;

namespace Orleans.Coord.Grpc;

/// <summary>Adds the Orleans.Coord gRPC API (package <c>orleans.coord.v1</c>) to a silo's ASP.NET Core host.</summary>
public static class CoordGrpcServiceCollectionExtensions
{
    /// <summary>
    /// Registers the gRPC API's services, with its bounds (<see cref="CoordGrpcOptions"/>, checked when the host starts),
    /// gRPC health checking (the host's health checks) and server reflection. The silo's grain factory and services run
    /// the calls, through the same coordinator API as any client (docs/grpc.md).
    /// </summary>
    public static IServiceCollection AddCoordGrpc(this IServiceCollection services, Action<CoordGrpcOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<CoordGrpcOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CoordGrpcOptions>, CoordGrpcOptionsValidator>());
        services.AddOptions<CoordGrpcOptions>().ValidateOnStart();
        services.AddGrpc();
        services.AddOptions<global::Grpc.AspNetCore.Server.GrpcServiceOptions>().Configure<IOptions<CoordGrpcOptions>>((grpc, coord) =>
        {
            grpc.MaxReceiveMessageSize = coord.Value.MaxReceiveMessageBytes;
            grpc.MaxSendMessageSize = coord.Value.MaxSendMessageBytes;
            grpc.EnableDetailedErrors = false;
            if (!grpc.Interceptors.Any(i => i.Type == typeof(CoordErrorInterceptor)))
            {
                grpc.Interceptors.Add<CoordErrorInterceptor>();
            }
        });
        services.AddGrpcHealthChecks();
        services.AddGrpcReflection();
        services.TryAddSingleton<SessionRelay>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<SessionRelay>());
        return services;
    }

    /// <summary>Maps the gRPC API's services, gRPC health checking and server reflection.</summary>
    public static IEndpointRouteBuilder MapCoordGrpc(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGrpcService<SessionsService>();
        endpoints.MapGrpcService<GroupsService>();
        endpoints.MapGrpcService<LocksService>();
        endpoints.MapGrpcService<ElectionsService>();
        endpoints.MapGrpcHealthChecksService();
        endpoints.MapGrpcReflectionService();
        return endpoints;
    }
}
