using StackExchange.Redis;

namespace Orleans.Coord.Redis;

/// <summary>A Redis backend URL as StackExchange.Redis options.</summary>
internal static class RedisConnection
{
    /// <summary>The URL option naming a PEM file of the CA(s) that issued the servers' TLS certificates.</summary>
    public const string CaFileOption = "sslCaFile";

    /// <summary>Whether connections to the servers of <paramref name="url"/> use TLS: <c>rediss://</c> or <c>?ssl=true</c>.</summary>
    public static bool IsTls(BackendUrl url) =>
        url.Scheme == "rediss" || url.Query.Split('&').Any(o => o.Equals("ssl=true", StringComparison.OrdinalIgnoreCase));

    /// <summary>The path of the URL's <c>sslCaFile</c> option, or null.</summary>
    public static string? CaFile(BackendUrl url) =>
        url.Query.Split('&').FirstOrDefault(IsCaFileOption) is { } option ? Uri.UnescapeDataString(option[(CaFileOption.Length + 1)..]) : null;

    private static bool IsCaFileOption(string option) => option.StartsWith(CaFileOption + "=", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The servers, the user, the password and any <c>?key=value&amp;...</c> options of the URL as StackExchange.Redis
    /// options. <c>rediss://</c> turns TLS on (as <c>?ssl=true</c> does); <c>?sslCaFile=/path/ca.pem</c> trusts the
    /// servers' certificates issued by the CA(s) of that PEM file instead of the machine's roots (the certificate must
    /// still name the host connected to, or <c>sslHost</c>). Replies are completed on the .NET thread pool
    /// (<see cref="SocketManager.ThreadPool"/>) rather than on the client library's own small pool of dedicated threads:
    /// that pool protects applications whose threads block on Redis results, grains never block, and the extra hand-off
    /// costs each write (the benchmark's <c>floors</c> scenario measures both).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not a Redis URL.</exception>
    /// <exception cref="FormatException">The URL's options are not accepted by StackExchange.Redis, or the CA file cannot be read.</exception>
    public static ConfigurationOptions Options(BackendUrl url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Kind != BackendKind.Redis)
        {
            throw new ArgumentException($"Backend URL '{url}' is not a Redis URL (redis://host:port[,host:port][?options]).", nameof(url));
        }

        // sslCaFile is ours: StackExchange.Redis takes the CA as a callback, not as an option.
        var options = url.Query.Split('&', StringSplitOptions.RemoveEmptyEntries).Where(o => !IsCaFileOption(o));
        var text = string.Join(',', options.Prepend(url.HostList));

        ConfigurationOptions configuration;
        try
        {
            configuration = ConfigurationOptions.Parse(text);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"Backend URL '{url}' has options StackExchange.Redis does not accept: {ex.Message}", ex);
        }

        configuration.SocketManager = SocketManager.ThreadPool;
        configuration.Password = url.Password ?? configuration.Password;
        configuration.User = url.User ?? configuration.User;
        configuration.Ssl |= IsTls(url);
        if (CaFile(url) is { } caFile)
        {
            configuration.CertificateValidation += RedisServerTrust.IssuedBy(RedisServerTrust.ReadCas(caFile));
        }

        return configuration;
    }
}
