using Orleans.Connections.Security;
using Orleans.Hosting;

namespace Orleans.Coord.Hosting.Tls;

/// <summary>Turns on TLS for the cluster's connections from <see cref="CoordTlsOptions"/>.</summary>
public static class CoordTlsExtensions
{
    /// <summary>
    /// Encrypts the silo's connections, inbound (gateway and silo port) and to other silos, with the certificate of
    /// <paramref name="options"/>; every peer must present a certificate that chains to the trusted CA, and clients too
    /// unless <see cref="CoordTlsOptions.RequireClientCertificate"/> is false. Does nothing when
    /// <see cref="CoordTlsOptions.IsEnabled"/> is false.
    /// </summary>
    /// <exception cref="ArgumentException">TLS is on without a certificate, or a file is missing or unreadable; the message names the setting and the file.</exception>
    public static ISiloBuilder UseCoordTls(this ISiloBuilder builder, CoordTlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsEnabled)
        {
            return builder;
        }

        var certificate = options.LoadCertificate()
            ?? throw new ArgumentException($"{CoordTlsOptions.SectionName}:{nameof(CoordTlsOptions.CertificatePath)} is required on a silo when TLS is on.", nameof(options));
        var cas = options.LoadTrustedCas();
        return builder.UseTls(certificate, tls =>
        {
            tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            tls.ClientCertificateMode = options.RequireClientCertificate ? RemoteCertificateMode.RequireCertificate : RemoteCertificateMode.AllowCertificate;
            tls.RemoteCertificateValidation = (peer, _, errors) => PeerCertificateTrust.IsTrusted(peer, cas, errors);
        });
    }

    /// <summary>
    /// Encrypts the client's connections to the gateways, presenting the certificate of <paramref name="options"/> if
    /// it has one, and accepting only silos whose certificate chains to the trusted CA. Does nothing when
    /// <see cref="CoordTlsOptions.IsEnabled"/> is false.
    /// </summary>
    /// <exception cref="ArgumentException">A file is missing or unreadable; the message names the setting and the file.</exception>
    public static IClientBuilder UseCoordTls(this IClientBuilder builder, CoordTlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsEnabled)
        {
            return builder;
        }

        var certificate = options.LoadCertificate();
        var cas = options.LoadTrustedCas();
        return builder.UseTls(tls =>
        {
            tls.LocalCertificate = certificate;
            tls.ClientCertificateMode = certificate is null ? RemoteCertificateMode.NoCertificate : RemoteCertificateMode.RequireCertificate;
            tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            tls.RemoteCertificateValidation = (peer, _, errors) => PeerCertificateTrust.IsTrusted(peer, cas, errors);
        });
    }
}
