using System.Globalization;

namespace Orleans.Coord.Etcd.Options;

/// <summary>
/// Where and how the etcd backend talks to etcd, taken from an <c>etcd://[user:password@]host:port[,host:port][/prefix]</c>
/// backend URL: the endpoints, the key prefix every key of the backend lives under, the etcd user, and the bound on one
/// request.
/// </summary>
internal sealed record EtcdOptions
{
    /// <summary>The bound on one request when none is given: 10 s.</summary>
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The servers, in the order given.</summary>
    public required IReadOnlyList<(string Host, int Port)> Endpoints { get; init; }

    /// <summary>The key prefix: empty, or '/' followed by the URL's path without a trailing '/'.</summary>
    public required string Prefix { get; init; }

    /// <summary>The etcd user (etcd authentication), or null.</summary>
    public string? User { get; init; }

    /// <summary>The etcd user's password, or null. Never logged.</summary>
    public string? Password { get; init; }

    /// <summary>The bound on one request (its gRPC deadline).</summary>
    public TimeSpan RequestTimeout { get; init; } = DefaultRequestTimeout;

    /// <summary>The servers for logs and errors, <c>host:port[,host:port]</c>.</summary>
    public string Where => string.Join(',', Endpoints.Select(e => $"{e.Host}:{e.Port.ToString(CultureInfo.InvariantCulture)}"));

    /// <summary>The options of an etcd backend URL.</summary>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not an etcd URL.</exception>
    public static EtcdOptions From(BackendUrl url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Kind != BackendKind.Etcd)
        {
            throw new ArgumentException($"Backend URL '{url}' is not an etcd URL (etcd://host:port[,host:port][/prefix]).", nameof(url));
        }

        var path = url.Path.Trim('/');
        return new EtcdOptions
        {
            Endpoints = url.Hosts,
            Prefix = path.Length == 0 ? string.Empty : "/" + path,
            User = url.User,
            Password = url.Password,
        };
    }

    /// <summary>Never shows the password.</summary>
    public override string ToString() => $"etcd at {Where}, prefix '{Prefix}'" + (User is null ? string.Empty : $", user {User}");
}
