using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Orleans.Coord.Hosting.Tls;

/// <summary>
/// Decides whether a peer's certificate is trusted: it must chain to one of the given CAs (or to the machine's roots
/// when none is given). Host names are not checked: silos address each other by IP, and the CA is the authority.
/// </summary>
internal static class PeerCertificateTrust
{
    public static bool IsTrusted(X509Certificate2 certificate, X509Certificate2Collection? trustedCas, SslPolicyErrors errors)
    {
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        if (trustedCas is null)
        {
            return !errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors);
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trustedCas);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
