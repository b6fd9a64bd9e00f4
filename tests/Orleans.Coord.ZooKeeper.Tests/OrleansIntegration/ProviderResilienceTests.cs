using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;
using Orleans.Coord.ZooKeeper.Clustering;
using Orleans.Coord.ZooKeeper.Hosting;
using Orleans.Coord.ZooKeeper.Options;
using Orleans.Coord.Tests.Contracts;
using Orleans.Coord.ZooKeeper.Tests.Infrastructure;
using Orleans.Hosting;
using Orleans.Runtime;
using Xunit;

namespace Orleans.Coord.ZooKeeper.Tests.OrleansIntegration;

[Collection(StandaloneServerCollection.Name)]
public sealed class ProviderResilienceTests(StandaloneServerFixture fixture)
{
    [Fact]
    public async Task Membership_table_opens_a_new_session_after_its_session_expired()
    {
        await using var proxy = new TcpProxy(fixture.Server.ClientPort);
        var chroot = "/exp-" + Guid.NewGuid().ToString("N")[..10];
        var clusterId = "expiring";
        await using var table = new ZooKeeperMembershipTable(
            Microsoft.Extensions.Options.Options.Create(new ZooKeeperClusteringOptions { ConnectString = proxy.Address + chroot, SessionTimeout = TimeSpan.FromSeconds(2) }),
            Microsoft.Extensions.Options.Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = "svc" }),
            NullLogger<ZooKeeperMembershipTable>.Instance);
        await table.InitializeMembershipTable(true);
        var entry = MembershipEntries.Create();
        Assert.True(await table.InsertRow(entry, (await table.ReadAll()).Version.Next()));
        var sessionsBefore = await CountSessionsAsync();

        // Partition the table's session until the server expires it (the server then drops its connection).
        proxy.Blackhole();
        await Poll.UntilAsync(async () => await CountSessionsAsync() < sessionsBefore, TimeSpan.FromSeconds(20), "the server expires the table's session");
        proxy.Restore();

        var data = await table.ReadAll().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(entry.SiloAddress, Assert.Single(data.Members).Item1.SiloAddress);
        await table.UpdateIAmAlive(new MembershipEntry { SiloAddress = entry.SiloAddress, IAmAliveTime = DateTime.UtcNow });

        await table.DeleteMembershipTableEntries(clusterId);
        await using var plain = await fixture.ConnectAsync();
        await plain.DeleteAsync(chroot);
    }

    [Fact]
    public async Task Silo_with_invalid_ZooKeeper_options_does_not_start_and_names_the_setting()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering()
            .UseZooKeeperClustering(o => o.ConnectString = fixture.ConnectString)
            .AddZooKeeperGrainStorage("zk", o =>
            {
                o.ConnectString = fixture.ConnectString;
                o.SessionTimeout = TimeSpan.FromMilliseconds(5);
            }));
        using var host = builder.Build();

        // Whichever check runs first (the provider's constructor or Orleans' configuration validators), the start fails
        // with an ArgumentException naming the setting and its range, possibly wrapped by Orleans.
        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30)));

        var argument = Flatten(error).OfType<ArgumentException>().First();
        Assert.Equal("SessionTimeout", argument.ParamName);
        Assert.Contains("ZooKeeperStorageOptions.SessionTimeout must be between 100 ms", argument.Message);
    }

    private static IEnumerable<Exception> Flatten(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten))
                {
                    yield return inner;
                }
            }
        }
    }

    private async Task<int> CountSessionsAsync()
    {
        var text = await fixture.Server.FourLetterWordAsync("cons") ?? string.Empty;
        return text.Split('\n').Count(line => line.Contains("sid=0x", StringComparison.Ordinal));
    }
}
