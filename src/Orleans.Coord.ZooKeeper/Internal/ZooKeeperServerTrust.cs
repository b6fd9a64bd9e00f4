using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Orleans.Coord.ZooKeeper.Internal;

/// <summary>
/// The TLS settings of a client's connections, made once from <see cref="ZooKeeperTlsOptions"/>: which certificates a
/// server may present. With a CA file the server's certificate must name the host connected to and chain to one of the
/// file's CAs; without one the platform's default validation (machine roots) applies.
/// </summary>
internal sealed class ZooKeeperServerTrust
{
    private readonly X509Certificate2Collection? _cas;

    private ZooKeeperServerTrust(X509Certificate2Collection? cas) => _cas = cas;

    /// <summary>The trust of <paramref name="options"/>, or null for plain TCP.</summary>
    /// <exception cref="ArgumentException">The CA file cannot be read or holds no PEM certificate; the message names the path.</exception>
    public static ZooKeeperServerTrust? From(ZooKeeperTlsOptions? options) =>
        options is null ? null : new ZooKeeperServerTrust(options.CaFile is { } path ? ReadCas(path) : null);

    /// <summary>Runs the TLS handshake as a client of <paramref name="host"/> over <paramref name="inner"/> (which the result owns).</summary>
    /// <exception cref="AuthenticationException">The handshake failed or the server's certificate is not trusted.</exception>
    public async Task<SslStream> AuthenticateAsync(Stream inner, string host, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = host,
                    RemoteCertificateValidationCallback = _cas is null ? null : IssuedByCas,
                    CertificateRevocationCheckMode = _cas is null ? X509RevocationMode.Online : X509RevocationMode.NoCheck,
                },
                cancellationToken).ConfigureAwait(false);
            return ssl;
        }
        catch (AuthenticationException ex)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw new AuthenticationException($"The TLS handshake with ZooKeeper server '{host}' failed: {ex.Message}", ex);
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static X509Certificate2Collection ReadCas(string path)
    {
        var cas = new X509Certificate2Collection();
        try
        {
            cas.ImportFromPemFile(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new ArgumentException($"The ZooKeeper CA file '{path}' (Tls.CaFile, URL option tlsCaFile) cannot be read: {ex.Message}", "CaFile", ex);
        }

        return cas.Count > 0 ? cas : throw new ArgumentException($"The ZooKeeper CA file '{path}' (Tls.CaFile, URL option tlsCaFile) holds no PEM certificate.", "CaFile");
    }

    private bool IssuedByCas(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        // Name mismatches and a missing certificate are never accepted; chain errors are re-checked against the CA file.
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_cas!);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return custom.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }
}
