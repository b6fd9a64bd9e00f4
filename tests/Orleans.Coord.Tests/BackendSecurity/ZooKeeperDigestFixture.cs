namespace Orleans.Coord.Tests.BackendSecurity;

/// <summary>
/// One real ZooKeeper server and a 1-silo TestingHost cluster on it through
/// <c>zookeeper://user:password@host:port/chroot</c> (digest authentication).
/// </summary>
public sealed class ZooKeeperDigestFixture : SecuredBackendFixture<ZooKeeperDigestFixture>
{
    public const string User = "coord";
    public const string Password = "zk-Secret-9q";
    public const string Chroot = "/secure-coord";

    public ZooKeeperServerProcess Server { get; } = ZooKeeperServerProcess.CreateStandalone();

    public override string Url => $"zookeeper://{User}:{Password}@{Server.Address}{Chroot}";

    protected override async Task StartServerAsync()
    {
        Server.Start();
        await Server.WaitUntilServingAsync(TimeSpan.FromSeconds(60));
    }

    protected override ValueTask StopServerAsync() => Server.DisposeAsync();
}
