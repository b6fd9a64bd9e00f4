namespace Orleans.Coord.Tests.BackendSecurity;

/// <summary>
/// One real ZooKeeper server with a TLS-only secure client port (certificates made by the test), and a 1-silo
/// TestingHost cluster on that port through <c>zookeeper://host:securePort/chroot?tlsCaFile=...</c> with digest
/// credentials, so that the URL carries both a CA path and a secret.
/// </summary>
public sealed class ZooKeeperTlsFixture : SecuredBackendFixture<ZooKeeperTlsFixture>
{
    public const string User = "coord";
    public const string Password = "zk-Tls-Secret-4w";
    public const string Chroot = "/tls-coord";

    public TestCertificates Certificates { get; } = new();

    public ZooKeeperServerProcess Server { get; private set; } = null!;

    public override string Url => UrlWith(Certificates.CaPath);

    /// <summary>The backend URL on the secure port, trusting the CA of <paramref name="caPath"/>.</summary>
    public string UrlWith(string caPath) =>
        $"zookeeper://{User}:{Password}@{Server.SecureAddress}{Chroot}?tls=true&tlsCaFile={Uri.EscapeDataString(caPath)}";

    protected override async Task StartServerAsync()
    {
        Server = ZooKeeperServerProcess.CreateStandalone(Certificates);
        Server.Start();
        await Server.WaitUntilServingAsync(TimeSpan.FromSeconds(60));
    }

    protected override async ValueTask StopServerAsync()
    {
        await Server.DisposeAsync();
        Certificates.Dispose();
    }
}
