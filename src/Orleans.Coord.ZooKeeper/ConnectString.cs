using System.Globalization;

namespace Orleans.Coord.ZooKeeper;

/// <summary>
/// A parsed ZooKeeper connect string: <c>host:port[,host:port...][/chroot]</c>. The port defaults to 2181 when
/// omitted; IPv6 hosts are written in brackets (<c>[::1]:2181</c>). The optional chroot is a path prefix that the
/// client adds to every path it sends and removes from every path it receives.
/// </summary>
public sealed class ConnectString
{
    /// <summary>The port used when a server entry names none.</summary>
    public const int DefaultPort = 2181;

    private ConnectString(IReadOnlyList<ZooKeeperServerAddress> servers, string? chroot, string text)
    {
        Servers = servers;
        Chroot = chroot;
        Text = text;
    }

    /// <summary>The servers, in the order given.</summary>
    public IReadOnlyList<ZooKeeperServerAddress> Servers { get; }

    /// <summary>The chroot path (e.g. "/app"), or null when there is none (or it is "/").</summary>
    public string? Chroot { get; }

    /// <summary>The original text.</summary>
    public string Text { get; }

    /// <summary>Parses a connect string.</summary>
    /// <param name="connectString">The text to parse.</param>
    /// <param name="paramName">The argument name reported in exceptions.</param>
    /// <exception cref="ArgumentNullException">The text is null.</exception>
    /// <exception cref="ArgumentException">The text is empty, names no server, has an empty host, a port outside 1–65535, or an invalid chroot path.</exception>
    public static ConnectString Parse(string connectString, string paramName = "connectString")
    {
        ArgumentNullException.ThrowIfNull(connectString, paramName);
        var text = connectString.Trim();
        if (text.Length == 0)
        {
            throw new ArgumentException("The ZooKeeper connect string is empty; expected 'host:port[,host:port...][/chroot]'.", paramName);
        }

        string? chroot = null;
        var hostsPart = text;
        var slash = FindChrootStart(text);
        if (slash >= 0)
        {
            var path = text[slash..];
            hostsPart = text[..slash];
            if (!ZooKeeperPath.IsValid(path))
            {
                throw new ArgumentException(
                    $"The chroot '{path}' in ZooKeeper connect string '{text}' is not a valid path (must start with '/', no empty segments, no trailing '/').",
                    paramName);
            }

            chroot = path == ZooKeeperPath.Root ? null : path;
        }

        var servers = new List<ZooKeeperServerAddress>();
        foreach (var raw in hostsPart.Split(','))
        {
            var entry = raw.Trim();
            if (entry.Length == 0)
            {
                throw new ArgumentException($"ZooKeeper connect string '{text}' has an empty server entry.", paramName);
            }

            servers.Add(ParseServer(entry, text, paramName));
        }

        return new ConnectString(servers, chroot, text);
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private static int FindChrootStart(string text)
    {
        // A '/' outside IPv6 brackets starts the chroot.
        var inBrackets = false;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '[':
                    inBrackets = true;
                    break;
                case ']':
                    inBrackets = false;
                    break;
                case '/' when !inBrackets:
                    return i;
            }
        }

        return -1;
    }

    private static ZooKeeperServerAddress ParseServer(string entry, string text, string paramName)
    {
        string host;
        string? portText = null;
        if (entry.StartsWith('['))
        {
            var close = entry.IndexOf(']');
            if (close < 0)
            {
                throw new ArgumentException($"Server '{entry}' in ZooKeeper connect string '{text}' has an unclosed '['.", paramName);
            }

            host = entry[1..close];
            var rest = entry[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':')
                {
                    throw new ArgumentException($"Server '{entry}' in ZooKeeper connect string '{text}' must be '[address]:port'.", paramName);
                }

                portText = rest[1..];
            }
        }
        else
        {
            var colon = entry.LastIndexOf(':');
            if (colon >= 0 && entry.IndexOf(':') != colon)
            {
                throw new ArgumentException($"Server '{entry}' in ZooKeeper connect string '{text}' has several ':'; write IPv6 addresses as '[address]:port'.", paramName);
            }

            host = colon >= 0 ? entry[..colon] : entry;
            portText = colon >= 0 ? entry[(colon + 1)..] : null;
        }

        if (host.Length == 0)
        {
            throw new ArgumentException($"Server '{entry}' in ZooKeeper connect string '{text}' has an empty host.", paramName);
        }

        var port = DefaultPort;
        if (portText is not null
            && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port < 1 || port > 65535))
        {
            throw new ArgumentException($"Server '{entry}' in ZooKeeper connect string '{text}' has an invalid port '{portText}'; it must be between 1 and 65535.", paramName);
        }

        return new ZooKeeperServerAddress(host, port);
    }
}
