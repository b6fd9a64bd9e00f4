using Microsoft.Extensions.Hosting;
using Orleans.Hosting;
using StackExchange.Redis;

namespace Orleans.Coord.Hosting.Backends;

/// <summary>Redis: clustering, coordination state, stream pub-sub state and reminders in Redis.</summary>
internal sealed class RedisBackend(BackendUrl url) : ICoordBackend
{
    public void ConfigureSilo(ISiloBuilder builder)
    {
        builder.UseRedisClustering(o => o.ConfigurationOptions = Options());
        foreach (var storage in new[] { CoordConstants.StorageName, "PubSubStore" })
        {
            builder.AddRedisGrainStorage(storage, o =>
            {
                o.Configure(redis => redis.ConfigurationOptions = Options());
                CoordStateSerialization.UseOrleansBinary(o);
            });
        }
        builder.UseRedisReminderService(o => o.ConfigurationOptions = Options());
        builder.AddCoordStreams();
    }

    public void ConfigureClient(IClientBuilder builder) =>
        builder.UseRedisClustering(o => o.ConfigurationOptions = Options());

    /// <summary>
    /// The servers, the password and any <c>?key=value&amp;...</c> options of the URL as StackExchange.Redis options.
    /// Replies are completed on the .NET thread pool (<see cref="SocketManager.ThreadPool"/>) rather than on the client
    /// library's own small pool of dedicated threads. That pool guards applications whose threads block on Redis
    /// results; grains never block, and on a 2-core machine the extra hand-off made a raw script write take 0.12-0.17 ms instead of
    /// 0.06-0.11 ms (the benchmark's <c>floors</c> scenario).
    /// </summary>
    internal ConfigurationOptions Options()
    {
        var text = string.Join(',', url.Hosts.Select(h => $"{h.Host}:{h.Port}"));
        if (url.Query.Length > 0)
        {
            text += "," + url.Query.Replace('&', ',');
        }

        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(text);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"Backend URL '{url}' has options StackExchange.Redis does not accept: {ex.Message}", ex);
        }

        options.SocketManager = SocketManager.ThreadPool;
        if (url.Password is not null)
        {
            options.Password = url.Password;
        }

        if (url.User is not null)
        {
            options.User = url.User;
        }

        return options;
    }
}
