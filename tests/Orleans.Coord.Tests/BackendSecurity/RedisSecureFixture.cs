namespace Orleans.Coord.Tests.BackendSecurity;

/// <summary>
/// One real redis-server that takes TLS connections only (certificates made by the test) and one ACL user with a
/// password (the default user is off), and a 1-silo TestingHost cluster on it through <c>rediss://user:password@...</c>.
/// </summary>
public sealed class RedisSecureFixture : SecuredBackendFixture<RedisSecureFixture>
{
    public const string User = "coord";
    public const string Password = "redis-Secret-7x";

    public TestCertificates Certificates { get; } = new();

    public RedisServer Server { get; private set; } = null!;

    public override string Url => Server.Url;

    protected override async Task StartServerAsync() =>
        Server = await RedisServer.StartAsync(options: new RedisServerOptions { Tls = Certificates, User = User, Password = Password });

    protected override async ValueTask StopServerAsync()
    {
        await Server.DisposeAsync();
        Certificates.Dispose();
    }
}
