namespace Orleans.Coord.AdoNet;

/// <summary>
/// The TLS options of a SQL backend URL in libpq's words, the same for PostgreSQL and MySQL/MariaDB, translated into
/// the connector's keywords: <c>sslmode=disable|allow|prefer|require|verify-ca|verify-full</c> (MySQL's
/// <c>ssl-mode=DISABLED|PREFERRED|REQUIRED|VERIFY_CA|VERIFY_IDENTITY</c> is accepted too) and <c>sslrootcert=/path/ca.pem</c>
/// (or <c>ssl-ca=</c>), the CA that issued the server's certificate. <c>verify-ca</c> checks that the certificate chains
/// to that CA (or the machine's roots); <c>verify-full</c> also checks that it names the host. Other options pass
/// through unchanged.
/// </summary>
internal static class AdoNetTlsOptions
{
    private static readonly Dictionary<string, (string PostgreSql, string MySql)> Modes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["disable"] = ("Disable", "None"),
        ["disabled"] = ("Disable", "None"),
        ["allow"] = ("Allow", "Preferred"),
        ["prefer"] = ("Prefer", "Preferred"),
        ["preferred"] = ("Prefer", "Preferred"),
        ["require"] = ("Require", "Required"),
        ["required"] = ("Require", "Required"),
        ["verify-ca"] = ("VerifyCA", "VerifyCA"),
        ["verify_ca"] = ("VerifyCA", "VerifyCA"),
        ["verify-full"] = ("VerifyFull", "VerifyFull"),
        ["verify_identity"] = ("VerifyFull", "VerifyFull"),
    };

    /// <summary>The connector keyword and value for one URL option.</summary>
    /// <exception cref="ArgumentException">An <c>sslmode</c> value is unknown; the message lists the accepted ones.</exception>
    public static KeyValuePair<string, string> Translate(AdoNetDialect dialect, string key, string value)
    {
        var postgres = dialect == AdoNetDialect.PostgreSql;
        switch (key.ToLowerInvariant())
        {
            case "sslmode" or "ssl-mode" or "ssl_mode":
                if (!Modes.TryGetValue(value, out var mode))
                {
                    throw new ArgumentException(
                        $"The backend URL option {key}='{value}' is not one of disable, allow, prefer, require, verify-ca, verify-full (or MySQL's DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY).",
                        "url");
                }

                return new(postgres ? "SSL Mode" : "SslMode", postgres ? mode.PostgreSql : mode.MySql);
            case "sslrootcert" or "ssl-ca" or "sslca":
                return new(postgres ? "Root Certificate" : "SslCa", value);
            default:
                return new(key, value);
        }
    }
}
