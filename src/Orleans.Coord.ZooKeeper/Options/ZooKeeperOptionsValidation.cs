namespace Orleans.Coord.ZooKeeper.Options;

/// <summary>Checks shared by the Orleans ZooKeeper options classes.</summary>
internal static class ZooKeeperOptionsValidation
{
    public static void ValidateConnection(string optionsName, string? connectString, TimeSpan sessionTimeout, TimeSpan connectTimeout, string? digestCredentials, ZooKeeperTlsOptions? tls)
    {
        ZooKeeperClientOptions.ValidateDigest(optionsName, digestCredentials);
        tls?.Validate(optionsName);
        if (string.IsNullOrWhiteSpace(connectString))
        {
            throw new ArgumentException(
                $"{optionsName}.ConnectString is required: 'host:port[,host:port...][/chroot]'.",
                "ConnectString");
        }

        _ = ConnectString.Parse(connectString, "ConnectString");

        if (sessionTimeout < ZooKeeperClientOptions.MinSessionTimeout || sessionTimeout > ZooKeeperClientOptions.MaxSessionTimeout)
        {
            throw new ArgumentOutOfRangeException(
                "SessionTimeout",
                sessionTimeout,
                $"{optionsName}.SessionTimeout must be between {ZooKeeperClientOptions.MinSessionTimeout.TotalMilliseconds} ms and {ZooKeeperClientOptions.MaxSessionTimeout.TotalMilliseconds} ms.");
        }

        if (connectTimeout <= TimeSpan.Zero || connectTimeout > ZooKeeperClientOptions.MaxSessionTimeout)
        {
            throw new ArgumentOutOfRangeException(
                "ConnectTimeout",
                connectTimeout,
                $"{optionsName}.ConnectTimeout must be positive and at most {ZooKeeperClientOptions.MaxSessionTimeout.TotalMilliseconds} ms.");
        }
    }

    public static ZooKeeperClientOptions ToClientOptions(string connectString, TimeSpan sessionTimeout, TimeSpan connectTimeout, string? digestCredentials, ZooKeeperTlsOptions? tls) => new()
    {
        DigestCredentials = digestCredentials,
        Tls = tls,
        ConnectString = connectString,
        SessionTimeout = sessionTimeout,
        ConnectTimeout = connectTimeout,
    };
}
