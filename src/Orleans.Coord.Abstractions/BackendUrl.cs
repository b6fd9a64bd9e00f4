using System.Globalization;

namespace Orleans.Coord;

/// <summary>
/// The one setting that picks Orleans.Coord's backend, the same for silos and clients (Tooz's backend URL):
/// <c>localhost</c>, <c>redis://[[user]:password@]host:port[,host:port][?options]</c> (<c>rediss://</c> for TLS),
/// <c>postgresql://user[:password]@host:port/database[?sslmode=...]</c>,
/// <c>mysql://user[:password]@host:port/database[?sslmode=...]</c>, <c>zookeeper://[user:password@]host:port[,host:port][/chroot]</c>,
/// <c>etcd://host:port[,host:port][/prefix]</c> or <c>file:///absolute/directory</c>.
/// <see cref="ToString"/> never shows the password, neither the one before '@' nor a <c>password=</c> option.
/// </summary>
public sealed record BackendUrl
{
    private static readonly Dictionary<string, BackendKind> Schemes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["redis"] = BackendKind.Redis,
        ["rediss"] = BackendKind.Redis,
        ["postgresql"] = BackendKind.PostgreSql,
        ["postgres"] = BackendKind.PostgreSql,
        ["mysql"] = BackendKind.MySql,
        ["mariadb"] = BackendKind.MySql,
        ["zookeeper"] = BackendKind.ZooKeeper,
        ["etcd"] = BackendKind.Etcd,
        ["file"] = BackendKind.File,
    };

    private BackendUrl(BackendKind kind, string scheme, IReadOnlyList<(string Host, int Port)> hosts, string? user, string? password, string path, string query, string text = "localhost")
    {
        Text = text;
        Kind = kind;
        Scheme = scheme;
        Hosts = hosts;
        User = user;
        Password = password;
        Path = path;
        Query = query;
    }

    /// <summary>The default backend: one development silo on localhost with in-memory state.</summary>
    public static BackendUrl Localhost { get; } = new(BackendKind.Localhost, "localhost", [], null, null, "", "");

    /// <summary>Which backend.</summary>
    public BackendKind Kind { get; }

    /// <summary>The scheme as written (lower case).</summary>
    public string Scheme { get; }

    /// <summary>The servers, in the order given.</summary>
    public IReadOnlyList<(string Host, int Port)> Hosts { get; }

    /// <summary>The servers as written in the URL: <c>host:port[,host:port...]</c>.</summary>
    public string HostList => string.Join(',', Hosts.Select(h => $"{h.Host}:{h.Port.ToString(CultureInfo.InvariantCulture)}"));

    /// <summary>The user, if any.</summary>
    public string? User { get; }

    /// <summary>The password, if any. Never logged.</summary>
    public string? Password { get; }

    /// <summary>
    /// The path without the leading '/': the database name, the ZooKeeper chroot or the etcd key prefix. For
    /// <see cref="BackendKind.File"/>, the absolute directory, with its leading '/'.
    /// </summary>
    public string Path { get; }

    private string Text { get; }

    /// <summary>The URL as given, password included: for building a client library's connection settings, never for logs.</summary>
    public string ToConnectionUrl() => Text;

    /// <summary>The query string without '?' (backend options).</summary>
    public string Query { get; }

    /// <summary>Parses a backend URL.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="url"/> is null.</exception>
    /// <exception cref="FormatException">The URL is malformed or its scheme is unknown; the message says which part and lists the accepted forms.</exception>
    public static BackendUrl Parse(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var text = url.Trim();
        if (text.Length == 0 || text.Equals("localhost", StringComparison.OrdinalIgnoreCase) || text.Equals("memory", StringComparison.OrdinalIgnoreCase))
        {
            return Localhost;
        }

        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            throw Malformed(text, "it has no scheme (expected 'scheme://...')");
        }

        var scheme = text[..schemeEnd].ToLowerInvariant();
        if (!Schemes.TryGetValue(scheme, out var kind))
        {
            throw Malformed(text, $"the scheme '{scheme}' is unknown");
        }

        var rest = text[(schemeEnd + 3)..];
        if (kind == BackendKind.File)
        {
            return ParseFile(text, rest);
        }

        var query = "";
        var q = rest.IndexOf('?');
        if (q >= 0)
        {
            query = rest[(q + 1)..];
            rest = rest[..q];
        }

        var path = "";
        var slash = rest.IndexOf('/');
        if (slash >= 0)
        {
            path = rest[(slash + 1)..];
            rest = rest[..slash];
        }

        string? user = null, password = null;
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = rest[..at];
            rest = rest[(at + 1)..];
            var colon = userInfo.IndexOf(':');
            user = Uri.UnescapeDataString(colon >= 0 ? userInfo[..colon] : userInfo);
            password = colon >= 0 ? Uri.UnescapeDataString(userInfo[(colon + 1)..]) : null;
            if (user.Length == 0 && password is not null)
            {
                // ':password@': a password without a user (Redis' requirepass).
                user = null;
            }
            else if (user.Length == 0)
            {
                throw Malformed(Redact(text), "the user name before '@' is empty");
            }
        }

        var hosts = new List<(string, int)>();
        foreach (var part in rest.Split(',', StringSplitOptions.TrimEntries))
        {
            hosts.Add(ParseHost(part, kind, Redact(text)));
        }

        if ((kind is BackendKind.PostgreSql or BackendKind.MySql) && (path.Length == 0 || path.Contains('/')))
        {
            throw Malformed(Redact(text), "the database name after the last '/' is missing or contains '/'");
        }

        if ((kind is BackendKind.PostgreSql or BackendKind.MySql) && (user is null || hosts.Count != 1))
        {
            throw Malformed(Redact(text), "a SQL backend needs exactly one 'user@host:port'");
        }

        return new BackendUrl(kind, scheme, hosts, user, password, path.TrimEnd('/'), query, text);
    }

    /// <summary>The URL with the password replaced by "***", safe to log.</summary>
    public override string ToString()
    {
        if (Kind == BackendKind.Localhost)
        {
            return "localhost";
        }

        if (Kind == BackendKind.File)
        {
            return $"{Scheme}://{Path}";
        }

        var userInfo = Password is not null ? $"{User}:***@" : User is null ? "" : $"{User}@";
        var hosts = HostList;
        var path = Path.Length > 0 ? "/" + Path : "";
        var query = Query.Length > 0 ? "?" + RedactQuery(Query) : "";
        return $"{Scheme}://{userInfo}{hosts}{path}{query}";
    }

    // file:///absolute/directory (or file://localhost/absolute/directory): no user, no query; the path is unescaped.
    private static BackendUrl ParseFile(string text, string rest)
    {
        if (rest.StartsWith("localhost/", StringComparison.OrdinalIgnoreCase))
        {
            rest = rest["localhost".Length..];
        }

        if (!rest.StartsWith('/'))
        {
            throw Malformed(text, "a file backend needs an absolute directory with an empty host (file:///absolute/directory)");
        }

        if (rest.IndexOfAny(['?', '#']) >= 0)
        {
            throw Malformed(text, "a file backend takes no query or fragment");
        }

        var directory = Uri.UnescapeDataString(rest);
        if (directory.Length > 1)
        {
            directory = directory.TrimEnd('/');
        }

        return new BackendUrl(BackendKind.File, "file", [], null, null, directory, "", text);
    }

    private static (string, int) ParseHost(string part, BackendKind kind, string shown)
    {
        if (part.Length == 0)
        {
            throw Malformed(shown, "a host is empty");
        }

        var colon = part.LastIndexOf(':');
        var host = colon >= 0 ? part[..colon] : part;
        var port = DefaultPort(kind);
        if (colon >= 0 && (!int.TryParse(part[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw Malformed(shown, $"the port in '{part}' is not a number from 1 to 65535");
        }

        if (host.Length == 0)
        {
            throw Malformed(shown, $"the host in '{part}' is empty");
        }

        return (host, port);
    }

    private static int DefaultPort(BackendKind kind) => kind switch
    {
        BackendKind.Redis => 6379,
        BackendKind.PostgreSql => 5432,
        BackendKind.MySql => 3306,
        BackendKind.ZooKeeper => 2181,
        BackendKind.Etcd => 2379,
        _ => 0,
    };

    private static string Redact(string url)
    {
        var q = url.IndexOf('?');
        if (q >= 0)
        {
            return Redact(url[..q]) + "?" + RedactQuery(url[(q + 1)..]);
        }

        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var at = url.LastIndexOf('@');
        if (schemeEnd < 0 || at < schemeEnd)
        {
            return url;
        }

        var userInfo = url[(schemeEnd + 3)..at];
        var colon = userInfo.IndexOf(':');
        return colon < 0 ? url : url[..(schemeEnd + 3)] + userInfo[..colon] + ":***" + url[at..];
    }

    /// <summary>The options with the value of every secret one (a key that contains "password" or is "pwd") replaced by "***".</summary>
    private static string RedactQuery(string query) => string.Join('&', query.Split('&').Select(option =>
    {
        var equals = option.IndexOf('=');
        var key = equals < 0 ? option : option[..equals];
        var secret = key.Contains("password", StringComparison.OrdinalIgnoreCase) || key.Equals("pwd", StringComparison.OrdinalIgnoreCase);
        return secret && equals >= 0 ? key + "=***" : option;
    }));

    private static FormatException Malformed(string shown, string problem) =>
        new($"Backend URL '{Redact(shown)}' is not valid: {problem}. Accepted forms: localhost, redis[s]://[[user]:password@]host:port[,host:port][?options], " +
            "postgresql://user[:password]@host:port/database[?options], mysql://user[:password]@host:port/database[?options], zookeeper://[user:password@]host:port[,host:port][/chroot], " +
            "etcd://host:port[,host:port][/prefix], file:///absolute/directory.");
}
