using StackExchange.Redis;

namespace Orleans.Coord.Redis;

/// <summary>A Redis backend URL as StackExchange.Redis options.</summary>
internal static class RedisConnection
{
    /// <summary>
    /// The servers, the user, the password and any <c>?key=value&amp;...</c> options of the URL as StackExchange.Redis
    /// options. Replies are completed on the .NET thread pool (<see cref="SocketManager.ThreadPool"/>) rather than on
    /// the client library's own small pool of dedicated threads: that pool protects applications whose threads block on
    /// Redis results, grains never block, and the extra hand-off costs each write (the benchmark's <c>floors</c>
    /// scenario measures both).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not a Redis URL.</exception>
    /// <exception cref="FormatException">The URL's options are not accepted by StackExchange.Redis.</exception>
    public static ConfigurationOptions Options(BackendUrl url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Kind != BackendKind.Redis)
        {
            throw new ArgumentException($"Backend URL '{url}' is not a Redis URL (redis://host:port[,host:port][?options]).", nameof(url));
        }

        var text = url.HostList;
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
        options.Password = url.Password ?? options.Password;
        options.User = url.User ?? options.User;
        return options;
    }
}
