using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Coord.Etcd.Clustering;
using Orleans.Coord.Etcd.Internal;
using Orleans.Coord.Etcd.Options;

namespace Orleans.Coord.Tests.Etcd;

/// <summary>One real etcd server shared by the etcd contract tests; each test keeps its keys under a prefix of its own.</summary>
public sealed class EtcdServerFixture : IAsyncLifetime
{
    public EtcdServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await EtcdServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>A connection to the server with keys under <paramref name="prefix"/>.</summary>
    internal EtcdConnection Connect(string prefix) => new(EtcdOptions.From(BackendUrl.Parse(Server.UrlWith(prefix))));

    public static IOptions<ClusterOptions> Cluster(string clusterId, string serviceId = "svc") =>
        Microsoft.Extensions.Options.Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = serviceId });

    internal static EtcdMembershipTable Table(EtcdConnection connection, string clusterId) =>
        new(connection, Cluster(clusterId), NullLogger<EtcdMembershipTable>.Instance);
}

[CollectionDefinition(Name)]
public sealed class EtcdServerCollection : ICollectionFixture<EtcdServerFixture>
{
    public const string Name = "etcd-server";
}
