namespace Orleans.Coord.ZooKeeper;

/// <summary>Settings of a <see cref="ZooKeeperClient"/>. Checked by <see cref="Validate"/> when the client is created.</summary>
public sealed class ZooKeeperClientOptions
{
    /// <summary>Smallest accepted <see cref="SessionTimeout"/>.</summary>
    public static readonly TimeSpan MinSessionTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>Largest accepted <see cref="SessionTimeout"/> (the protocol carries it as int milliseconds; servers cap it lower).</summary>
    public static readonly TimeSpan MaxSessionTimeout = TimeSpan.FromHours(1);

    /// <summary>Largest accepted <see cref="MaxPendingRequests"/>.</summary>
    public const int MaxPendingRequestsLimit = 1_000_000;

    /// <summary>The connect string, <c>host:port[,host:port...][/chroot]</c>. Required.</summary>
    public string ConnectString { get; set; } = string.Empty;

    /// <summary>
    /// Requested session timeout; the server clamps it to its configured bounds (by default 2–20 ticks) and the
    /// negotiated value is in <see cref="ZooKeeperClient.SessionTimeout"/>. The client pings every third of the
    /// negotiated timeout and treats a connection that is silent for two thirds of it as lost. Default 10 s.
    /// </summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long <see cref="ZooKeeperClient.ConnectAsync"/> waits for the first session, and the upper bound of a single
    /// TCP connect plus handshake attempt (which is otherwise a third of the session timeout divided among the
    /// servers, at least 2 s). Default 15 s.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// ZooKeeper digest credentials, <c>user:password</c>, or null (the default) for none. With credentials the client
    /// authenticates (<c>addauth digest</c>) on every connection before any other request, and creates every node with
    /// an ACL that gives all rights to that identity alone (ZooKeeper's <c>CREATOR_ALL_ACL</c>): other users, and clients
    /// without credentials, can neither read nor change them. Without credentials nodes are created open
    /// (<c>OPEN_ACL_UNSAFE</c>). Never logged.
    /// </summary>
    public string? DigestCredentials { get; set; }

    /// <summary>
    /// TLS settings, or null (the default) for plain TCP. With TLS every server of <see cref="ConnectString"/> must be a
    /// secure client port (<c>secureClientPort</c>) whose certificate names the host as written in the connect string;
    /// see <see cref="ZooKeeperTlsOptions"/>.
    /// </summary>
    public ZooKeeperTlsOptions? Tls { get; set; }

    /// <summary>
    /// Maximum number of requests waiting for a connection or for their reply at once; a request beyond it fails
    /// immediately with <see cref="TooManyPendingRequestsException"/>. Default 10,000.
    /// </summary>
    public int MaxPendingRequests { get; set; } = 10_000;

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">The connect string is missing or malformed, <see cref="DigestCredentials"/> is not <c>user:password</c>, or the CA file of <see cref="Tls"/> does not exist.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A timeout or limit is outside its range; the message names the setting and the range.</exception>
    public void Validate()
    {
        _ = ParseConnectString();
        ValidateDigest(nameof(ZooKeeperClientOptions), DigestCredentials);
        Tls?.Validate(nameof(ZooKeeperClientOptions));
        if (SessionTimeout < MinSessionTimeout || SessionTimeout > MaxSessionTimeout)
        {
            throw new ArgumentOutOfRangeException(
                nameof(SessionTimeout),
                SessionTimeout,
                $"SessionTimeout must be between {MinSessionTimeout.TotalMilliseconds} ms and {MaxSessionTimeout.TotalMilliseconds} ms.");
        }

        if (ConnectTimeout <= TimeSpan.Zero || ConnectTimeout > MaxSessionTimeout)
        {
            throw new ArgumentOutOfRangeException(
                nameof(ConnectTimeout),
                ConnectTimeout,
                $"ConnectTimeout must be positive and at most {MaxSessionTimeout.TotalMilliseconds} ms.");
        }

        if (MaxPendingRequests < 1 || MaxPendingRequests > MaxPendingRequestsLimit)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MaxPendingRequests),
                MaxPendingRequests,
                $"MaxPendingRequests must be between 1 and {MaxPendingRequestsLimit}.");
        }
    }

    /// <summary>Checks that <paramref name="digest"/> is null or <c>user:password</c> with a user; the message never shows it.</summary>
    internal static void ValidateDigest(string optionsName, string? digest)
    {
        if (digest is not null && digest.IndexOf(':', StringComparison.Ordinal) < 1)
        {
            throw new ArgumentException($"{optionsName}.{nameof(DigestCredentials)} must be 'user:password' with a non-empty user (the value is not shown).", nameof(DigestCredentials));
        }
    }

    internal ConnectString ParseConnectString()
    {
        if (string.IsNullOrWhiteSpace(ConnectString))
        {
            throw new ArgumentException("ZooKeeperClientOptions.ConnectString is required ('host:port[,host:port...][/chroot]').", nameof(ConnectString));
        }

        return ZooKeeper.ConnectString.Parse(ConnectString, nameof(ConnectString));
    }
}
