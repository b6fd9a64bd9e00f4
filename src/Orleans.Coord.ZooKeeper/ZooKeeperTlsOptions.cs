namespace Orleans.Coord.ZooKeeper;

/// <summary>
/// TLS to ZooKeeper's secure client port (<c>secureClientPort</c>). With TLS the client wraps every connection in TLS
/// before the session handshake and accepts the server only if its certificate names the host of the connect string
/// it connected to and chains to a trusted CA: the CAs of <see cref="CaFile"/> when it is set (then only those; the
/// machine's roots are not consulted and revocation is not checked), else the machine's trusted roots. The client sends
/// no certificate, so the server must not require one (<c>ssl.clientAuth=none</c> or <c>want</c>).
/// </summary>
public sealed class ZooKeeperTlsOptions
{
    /// <summary>
    /// Path of a PEM file holding the CA certificate(s) that issued the servers' certificates, or null (the default)
    /// to trust the machine's roots. Read when the client is created.
    /// </summary>
    public string? CaFile { get; set; }

    /// <summary>Checks that <see cref="CaFile"/>, when set, names an existing file; the message names the option and the path.</summary>
    internal void Validate(string optionsName)
    {
        if (CaFile is not null && !File.Exists(CaFile))
        {
            throw new ArgumentException($"{optionsName}.Tls.{nameof(CaFile)}: the CA file '{CaFile}' does not exist.", nameof(CaFile));
        }
    }
}
