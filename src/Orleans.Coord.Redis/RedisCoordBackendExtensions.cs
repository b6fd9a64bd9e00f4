using Microsoft.Extensions.DependencyInjection;
using Orleans.Coord.Telemetry;
using Microsoft.Extensions.Hosting;
using Orleans.Coord.Client;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Coord.Storage;
using Orleans.Serialization;
using Orleans.Storage;

namespace Orleans.Coord.Redis;

/// <summary>Puts an Orleans.Coord silo or cluster client on Redis.</summary>
public static class RedisCoordBackendExtensions
{
    /// <summary>
    /// Keeps the silo's clustering, coordination state, stream pub-sub store and reminders in the Redis server(s) of
    /// <paramref name="url"/> (<c>redis://host:port[,host:port][?options]</c>). Coordination state is written with
    /// Orleans' binary serializer. Add the grains with <c>AddCoordination()</c> (Orleans.Coord.Server). Once the silo is
    /// active it logs a warning for each Redis server that runs without <c>appendonly yes</c> (docs/backends.md).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not a Redis URL.</exception>
    /// <exception cref="FormatException">The URL's options are not accepted by StackExchange.Redis.</exception>
    public static ISiloBuilder UseCoordRedis(this ISiloBuilder builder, BackendUrl url)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = RedisConnection.Options(url);
        builder.Services.Configure<CoordTelemetryOptions>(o => o.Backend = "redis");
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp =>
            ActivatorUtilities.CreateInstance<RedisDurabilityCheck>(sp, options.Clone(), url.ToString()));
        builder.UseRedisClustering(o => o.ConfigurationOptions = options.Clone());
        foreach (var storage in new[] { CoordConstants.StorageName, CoordConstants.PubSubStoreName })
        {
            builder.AddRedisGrainStorage(storage, o =>
            {
                o.Configure(redis => redis.ConfigurationOptions = options.Clone());
                o.Configure<Serializer>((redis, serializer) => redis.GrainStorageSerializer = new PooledGrainStorageSerializer(serializer));
            });
        }

        return builder.UseRedisReminderService(o => o.ConfigurationOptions = options.Clone());
    }

    /// <summary>
    /// Finds the cluster's gateways in the Redis membership table of <paramref name="url"/> and adds the coordination
    /// streams (<see cref="CoordClientBuilderExtensions.AddCoordStreams"/>).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not a Redis URL.</exception>
    /// <exception cref="FormatException">The URL's options are not accepted by StackExchange.Redis.</exception>
    public static IClientBuilder UseCoordRedis(this IClientBuilder builder, BackendUrl url)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = RedisConnection.Options(url);
        return builder.UseRedisClustering(o => o.ConfigurationOptions = options.Clone()).AddCoordStreams();
    }
}
