using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Orleans.Coord.TestServers;

/// <summary>
/// Certificates made by the test itself (.NET's <see cref="CertificateRequest"/>), written as PEM files into a
/// temporary folder: a CA, a silo (server) certificate and a client certificate it signed, and a client certificate
/// signed by another CA that the cluster does not trust. Every certificate names <c>localhost</c> and <c>127.0.0.1</c>
/// (subject alternative names), so a client that checks the server's name accepts a test server on the loopback.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    public TestCertificates()
    {
        Folder = Directory.CreateTempSubdirectory("coord-tls-").FullName;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ca = CreateCa("CN=orleans-coord-test-ca", caKey);
        using var rogueKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var rogue = CreateCa("CN=someone-else-ca", rogueKey);
        CaPath = Write("ca.pem", ca.ExportCertificatePem());
        RogueCaPath = Write("rogue-ca.pem", rogue.ExportCertificatePem());
        (SiloCertificatePath, SiloKeyPath) = Issue(ca, "silo", ServerAuth, ClientAuth);
        (ClientCertificatePath, ClientKeyPath) = Issue(ca, "client", ClientAuth);
        (RogueCertificatePath, RogueKeyPath) = Issue(rogue, "rogue-client", ClientAuth);
    }

    public string Folder { get; }

    public string CaPath { get; }

    /// <summary>The other CA, which issued only the rogue client certificate (a CA that trusts none of the servers).</summary>
    public string RogueCaPath { get; }

    public string SiloCertificatePath { get; }

    public string SiloKeyPath { get; }

    public string ClientCertificatePath { get; }

    public string ClientKeyPath { get; }

    public string RogueCertificatePath { get; }

    public string RogueKeyPath { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private static X509Certificate2 CreateCa(string subject, ECDsa key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    private (string Certificate, string Key) Issue(X509Certificate2 ca, string name, params Oid[] usages)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var oids = new OidCollection();
        foreach (var usage in usages)
        {
            oids.Add(usage);
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), serial);
        return (Write($"{name}.pem", issued.ExportCertificatePem()), Write($"{name}.key", key.ExportPkcs8PrivateKeyPem()));
    }

    private string Write(string file, string pem)
    {
        var path = Path.Combine(Folder, file);
        System.IO.File.WriteAllText(path, pem);
        return path;
    }
}
