using Orleans.Coord.ZooKeeper.Hosting;
using Orleans.Hosting;

namespace Orleans.Coord.Hosting.Backends;

/// <summary>
/// ZooKeeper: clustering (membership table and gateway list), coordination state and stream pub-sub state in znodes
/// under the URL's chroot. ZooKeeper has no Orleans reminder provider, so the lease backstop reminders are kept in
/// memory: after the loss of the silo holding the reminder table, a session whose client also died expires when
/// something next touches its session grain rather than on the backstop tick.
/// </summary>
internal sealed class ZooKeeperBackend(BackendUrl url) : ICoordBackend
{
    private readonly string _connectString =
        string.Join(',', url.Hosts.Select(h => $"{h.Host}:{h.Port}")) + (url.Path.Length > 0 ? "/" + url.Path : "");

    public void ConfigureSilo(ISiloBuilder builder)
    {
        builder.UseZooKeeperClustering(o => o.ConnectString = _connectString);
        builder.AddZooKeeperGrainStorage(CoordConstants.StorageName, o => o.ConnectString = _connectString);
        builder.AddZooKeeperGrainStorage("PubSubStore", o => o.ConnectString = _connectString);
        builder.UseInMemoryReminderService();
        builder.AddCoordStreams();
    }

    public void ConfigureClient(IClientBuilder builder) =>
        builder.UseZooKeeperClustering(o => o.ConnectString = _connectString);
}
