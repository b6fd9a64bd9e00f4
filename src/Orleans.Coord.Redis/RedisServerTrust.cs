using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Orleans.Coord.Redis;

/// <summary>
/// Whether a Redis server's TLS certificate is trusted when the URL names the CA that issued it (<c>sslCaFile=</c>):
/// the certificate must name the host connected to, and chain to one of the CAs of that file (the machine's roots are
/// not consulted, revocation is not checked).
/// </summary>
internal static class RedisServerTrust
{
    /// <summary>Reads the PEM CA certificate(s) of <paramref name="path"/>.</summary>
    /// <exception cref="FormatException">The file is missing or holds no certificate; the message names the file.</exception>
    public static X509Certificate2Collection ReadCas(string path)
    {
        var cas = new X509Certificate2Collection();
        try
        {
            cas.ImportFromPemFile(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new FormatException($"The Redis CA file '{path}' (sslCaFile) cannot be read: {ex.Message}", ex);
        }

        return cas.Count > 0 ? cas : throw new FormatException($"The Redis CA file '{path}' (sslCaFile) holds no PEM certificate.");
    }

    /// <summary>A validation callback that trusts the certificates issued by <paramref name="cas"/> for the host connected to.</summary>
    public static RemoteCertificateValidationCallback IssuedBy(X509Certificate2Collection cas) => (_, certificate, _, errors) =>
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(cas);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate as X509Certificate2 ?? new X509Certificate2(certificate));
    };
}
