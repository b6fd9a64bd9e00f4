using System.Security.Cryptography.X509Certificates;

namespace Orleans.Coord.Hosting.Tls;

/// <summary>
/// TLS for the cluster's own connections, client to silo and silo to silo, from certificate files (Orleans'
/// connection security). Every peer must present a certificate that chains to <see cref="TrustedCaPath"/> (or, without
/// it, to the machine's trusted roots): with <see cref="RequireClientCertificate"/> (the default) this is mutual TLS,
/// so only clients holding such a certificate can reach a gateway. Peers are authenticated by that chain, not by host
/// name, since silos address each other by IP. Bound from the configuration section <see cref="SectionName"/> by the
/// silo program and the client sample. <see cref="ToString"/> never shows the password.
/// </summary>
public sealed class CoordTlsOptions
{
    /// <summary>The configuration section: <c>Coordination:Tls</c>.</summary>
    public const string SectionName = "Coordination:Tls";

    /// <summary>
    /// This process's certificate: a PEM file (with <see cref="KeyPath"/>) or a PKCS#12 file (<c>.pfx</c>/<c>.p12</c>,
    /// with <see cref="Password"/> if it has one). Required on silos; on a client, required when the silos require
    /// client certificates. Null on both sides turns TLS off.
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of a PEM <see cref="CertificatePath"/>; null when the key is in the certificate file.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The password of a PKCS#12 certificate file. Never logged or shown.</summary>
    public string? Password { get; set; }

    /// <summary>A PEM file of the CA certificate(s) every peer's certificate must chain to; null trusts the machine's roots.</summary>
    public string? TrustedCaPath { get; set; }

    /// <summary>Whether a silo refuses clients (and silos) without a trusted certificate: mutual TLS. Default true.</summary>
    public bool RequireClientCertificate { get; set; } = true;

    /// <summary>Whether TLS is configured: a certificate or a trusted CA is given.</summary>
    public bool IsEnabled => CertificatePath is not null || TrustedCaPath is not null;

    /// <summary>The settings without the password, safe to log.</summary>
    public override string ToString() =>
        $"certificate {CertificatePath ?? "(none)"}{(KeyPath is null ? "" : $", key {KeyPath}")}{(Password is null ? "" : ", password ***")}, " +
        $"trusted CA {TrustedCaPath ?? "(machine roots)"}, client certificates {(RequireClientCertificate ? "required" : "optional")}";

    /// <summary>Loads <see cref="CertificatePath"/>, or null when none is set.</summary>
    /// <exception cref="ArgumentException">A file is missing or cannot be read as a certificate with its private key; the message names the file.</exception>
    internal X509Certificate2? LoadCertificate()
    {
        if (CertificatePath is null)
        {
            return null;
        }

        var path = Existing(CertificatePath, nameof(CertificatePath));
        try
        {
            var certificate = path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase)
                ? X509CertificateLoader.LoadPkcs12FromFile(path, Password)
                : Password is null
                    ? X509Certificate2.CreateFromPemFile(path, KeyPath is null ? null : Existing(KeyPath, nameof(KeyPath)))
                    : X509Certificate2.CreateFromEncryptedPemFile(path, Password, KeyPath is null ? null : Existing(KeyPath, nameof(KeyPath)));
            return certificate.HasPrivateKey
                ? certificate
                : throw new ArgumentException($"{SectionName}:{nameof(CertificatePath)} '{path}' has no private key (give {nameof(KeyPath)} for a PEM certificate).", nameof(CertificatePath));
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            throw new ArgumentException($"{SectionName}:{nameof(CertificatePath)} '{path}' could not be read as a certificate with its private key: {ex.Message}", nameof(CertificatePath), ex);
        }
    }

    /// <summary>Loads <see cref="TrustedCaPath"/>, or null when none is set.</summary>
    /// <exception cref="ArgumentException">The file is missing or holds no certificate.</exception>
    internal X509Certificate2Collection? LoadTrustedCas()
    {
        if (TrustedCaPath is null)
        {
            return null;
        }

        var path = Existing(TrustedCaPath, nameof(TrustedCaPath));
        var cas = new X509Certificate2Collection();
        cas.ImportFromPemFile(path);
        return cas.Count > 0 ? cas : throw new ArgumentException($"{SectionName}:{nameof(TrustedCaPath)} '{path}' holds no PEM certificate.", nameof(TrustedCaPath));
    }

    private static string Existing(string path, string name) =>
        System.IO.File.Exists(path) ? path : throw new ArgumentException($"{SectionName}:{name} '{path}' does not exist.", name);
}
