using System.Globalization;
using MySqlConnector;
using Npgsql;

namespace Orleans.Coord.AdoNet;

/// <summary>
/// A backend URL (<c>postgresql://user[:password]@host[:port]/database</c> or <c>mysql://user[:password]@host[:port]/database</c>)
/// translated into the dialect, the Orleans ADO.NET invariant and a connector connection string.
/// </summary>
/// <param name="Dialect">The SQL dialect named by the scheme.</param>
/// <param name="ConnectionString">An Npgsql or MySqlConnector connection string. It contains the password: do not log it.</param>
public sealed record AdoNetConnectionUrl(AdoNetDialect Dialect, string ConnectionString)
{
    /// <summary>The default PostgreSQL port, used when the URL has none.</summary>
    public const int DefaultPostgreSqlPort = 5432;

    /// <summary>The default MySQL/MariaDB port, used when the URL has none.</summary>
    public const int DefaultMySqlPort = 3306;

    /// <summary>The Orleans ADO.NET invariant for <see cref="Dialect"/>.</summary>
    public string Invariant => AdoNetInvariants.For(Dialect);

    /// <summary>Returns true if <paramref name="url"/> starts with a scheme this type understands.</summary>
    /// <param name="url">Any backend URL.</param>
    public static bool IsAdoNetUrl(string? url) =>
        url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) && DialectOf(uri.Scheme) is not null;

    /// <summary>
    /// Parses a backend URL. Schemes: <c>postgresql</c> or <c>postgres</c> (PostgreSQL, default port 5432), <c>mysql</c> or
    /// <c>mariadb</c> (MySQL/MariaDB, default port 3306). User name and password are percent-decoded. Query parameters
    /// (<c>?Pooling=false&amp;Timeout=5</c>) are added as connection-string keywords of the connector; the TLS options
    /// <c>sslmode=disable|allow|prefer|require|verify-ca|verify-full</c> and <c>sslrootcert=/path/ca.pem</c> (the CA of
    /// the server's certificate) mean the same for both dialects (see the backends documentation).
    /// </summary>
    /// <param name="url">The URL.</param>
    /// <returns>The dialect and connection string.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="url"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="url"/> is not an absolute URL, has another scheme, lacks the user, host or database, has a fragment,
    /// or has a query keyword the connector does not know. The message never contains the password.
    /// </exception>
    public static AdoNetConnectionUrl Parse(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw Invalid("is not an absolute URL");
        }

        var dialect = DialectOf(uri.Scheme) ?? throw Invalid($"has scheme '{uri.Scheme}'; expected postgresql://, postgres://, mysql:// or mariadb://");
        if (string.IsNullOrEmpty(uri.Host))
        {
            throw Invalid("names no host");
        }

        if (uri.Fragment.Length > 0)
        {
            throw Invalid("has a fragment (#...)");
        }

        var userInfo = uri.UserInfo;
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        var user = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo[..colon]);
        var password = colon < 0 ? null : Uri.UnescapeDataString(userInfo[(colon + 1)..]);
        if (user.Length == 0)
        {
            throw Invalid("names no user (expected scheme://user[:password]@host[:port]/database)");
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        if (database.Length == 0 || database.Contains('/', StringComparison.Ordinal))
        {
            throw Invalid("must name exactly one database as its path (/database)");
        }

        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : uri.Host;
        var port = uri.IsDefaultPort || uri.Port < 0 ? (dialect == AdoNetDialect.PostgreSql ? DefaultPostgreSqlPort : DefaultMySqlPort) : uri.Port;
        var options = ParseQuery(uri.Query).Select(o => AdoNetTlsOptions.Translate(dialect, o.Key, o.Value)).ToList();

        try
        {
            return new AdoNetConnectionUrl(dialect, dialect == AdoNetDialect.PostgreSql
                ? PostgreSqlConnectionString(host, port, user, password, database, options)
                : MySqlConnectionString(host, port, user, password, database, options));
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            throw new ArgumentException($"The backend URL has an invalid connection option: {e.Message}", nameof(url), e);
        }
    }

    /// <summary>Returns the URL's dialect and connection string, hiding the password.</summary>
    public override string ToString() => $"{Dialect} (connection string hidden)";

    private static string PostgreSqlConnectionString(string host, int port, string user, string? password, string database, IReadOnlyList<KeyValuePair<string, string>> options)
    {
        var builder = new NpgsqlConnectionStringBuilder { Host = host, Port = port, Username = user, Database = database };
        if (password is not null)
        {
            builder.Password = password;
        }

        foreach (var (key, value) in options)
        {
            builder[key] = value;
        }

        return builder.ConnectionString;
    }

    private static string MySqlConnectionString(string host, int port, string user, string? password, string database, IReadOnlyList<KeyValuePair<string, string>> options)
    {
        var builder = new MySqlConnectionStringBuilder { Server = host, Port = (uint)port, UserID = user, Database = database };
        if (password is not null)
        {
            builder.Password = password;
        }

        foreach (var (key, value) in options)
        {
            builder[key] = value;
        }

        return builder.ConnectionString;
    }

    private static List<KeyValuePair<string, string>> ParseQuery(string query)
    {
        var options = new List<KeyValuePair<string, string>>();
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw Invalid($"has a query parameter without a value or name (parameter {options.Count + 1})");
            }

            options.Add(new(Uri.UnescapeDataString(pair[..equals]), Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '))));
        }

        return options;
    }

    private static AdoNetDialect? DialectOf(string scheme) => scheme.ToLower(CultureInfo.InvariantCulture) switch
    {
        "postgresql" or "postgres" => AdoNetDialect.PostgreSql,
        "mysql" or "mariadb" => AdoNetDialect.MySql,
        _ => null,
    };

    private static ArgumentException Invalid(string problem) => new($"The backend URL {problem}.", "url");
}
