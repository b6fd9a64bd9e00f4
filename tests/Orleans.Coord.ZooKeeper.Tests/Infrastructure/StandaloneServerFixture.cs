using Xunit;

namespace Orleans.Coord.ZooKeeper.Tests.Infrastructure;

/// <summary>A standalone ZooKeeper server shared by the tests of <see cref="StandaloneServerCollection"/>.</summary>
public sealed class StandaloneServerFixture : IAsyncLifetime
{
    public ZooKeeperServerProcess Server { get; private set; } = null!;

    public string ConnectString => Server.Address;

    public async Task InitializeAsync()
    {
        Server = ZooKeeperServerProcess.CreateStandalone();
        Server.Start();
        await Server.WaitUntilServingAsync(TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>Creates and connects a client to the shared server.</summary>
    public Task<ZooKeeperClient> ConnectAsync(string? chroot = null, TimeSpan? sessionTimeout = null, int maxPending = 10_000) =>
        TestClients.ConnectAsync(ConnectString + (chroot ?? string.Empty), sessionTimeout, maxPending);
}

[CollectionDefinition(Name)]
public sealed class StandaloneServerCollection : ICollectionFixture<StandaloneServerFixture>
{
    public const string Name = "standalone ZooKeeper";
}
