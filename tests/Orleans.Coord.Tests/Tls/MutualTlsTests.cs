using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Coord.Client;
using Orleans.Coord.Hosting.Tls;
using Orleans.Coord.Testing;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Orleans.Coord.Tests.Tls;

/// <summary>
/// Mutual TLS on the cluster's connections (Orleans' connection security, configured by <see cref="CoordTlsOptions"/>):
/// a 2-silo TestingHost cluster on real sockets whose silos talk to each other and to clients over TLS, with
/// certificates the test makes. A client with a certificate from the cluster's CA works end to end; a client without a
/// certificate, or with one from another CA, is refused.
/// </summary>
public sealed class MutualTlsTests : IClassFixture<MutualTlsTests.TlsCluster>
{
    private readonly TlsCluster _cluster;

    public MutualTlsTests(TlsCluster cluster) => _cluster = cluster;

    [Fact]
    public async Task A_client_with_a_certificate_from_the_clusters_ca_works_end_to_end()
    {
        using var host = await _cluster.StartClientAsync(new CoordTlsOptions
        {
            CertificatePath = _cluster.Certificates.ClientCertificatePath,
            KeyPath = _cluster.Certificates.ClientKeyPath,
            TrustedCaPath = _cluster.Certificates.CaPath,
        });
        await using var session = await Coordinator.StartAsync(host.Services.GetRequiredService<IClusterClient>(), "tls-client");
        var group = $"tls-{Guid.NewGuid():N}";
        await session.Groups.JoinOrCreateAsync(group);
        await using var held = await session.Locks.AcquireAsync(group, TimeSpan.FromSeconds(20));

        // Through the other silo too: silo-to-silo calls run over TLS as well.
        await using var other = await Coordinator.StartAsync(_cluster.Coord.Cluster.Client, "through-the-test-client");
        Assert.Equal("tls-client", Assert.Single(await other.Groups.GetMembersAsync(group)).MemberId);
        Assert.Equal(held.FencingToken, (await other.Locks.GetHolderAsync(group))!.Token);
    }

    [Fact]
    public async Task A_client_without_a_certificate_is_refused()
    {
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => _cluster.StartClientAsync(new CoordTlsOptions { TrustedCaPath = _cluster.Certificates.CaPath }));
        Assert.IsType<Orleans.Runtime.Messaging.ConnectionFailedException>(refused);
    }

    [Fact]
    public async Task A_client_whose_certificate_another_ca_signed_is_refused()
    {
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => _cluster.StartClientAsync(new CoordTlsOptions
        {
            CertificatePath = _cluster.Certificates.RogueCertificatePath,
            KeyPath = _cluster.Certificates.RogueKeyPath,
            TrustedCaPath = _cluster.Certificates.CaPath,
        }));
        Assert.IsType<Orleans.Runtime.Messaging.ConnectionFailedException>(refused);
    }

    [Fact]
    public void Settings_name_a_missing_file_and_never_show_the_password()
    {
        var options = new CoordTlsOptions { CertificatePath = "/nonexistent/cert.pfx", Password = "s3cret", TrustedCaPath = _cluster.Certificates.CaPath };
        var error = Assert.Throws<ArgumentException>(() => new HostBuilder().UseOrleansClient(c => c.UseCoordTls(options)).Build());
        Assert.Contains("Coordination:Tls:CertificatePath '/nonexistent/cert.pfx' does not exist", error.Message);
        Assert.DoesNotContain("s3cret", options.ToString());
        Assert.Contains("password ***", options.ToString());
    }

    /// <summary>The TLS cluster and its certificates, shared by the tests of this class.</summary>
    public sealed class TlsCluster : IAsyncLifetime
    {
        private readonly List<IHost> _hosts = [];

        public TestCertificates Certificates { get; } = new();

        public CoordCluster Coord { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Coord = await CoordCluster.StartAsync(silos: 2, configure: b =>
            {
                b.AddCoordination();
                b.Properties["tls-folder"] = Certificates.Folder;
                b.AddSiloBuilderConfigurator<SiloTls>();
                b.AddClientBuilderConfigurator<ClientTls>();
            });
        }

        public async Task DisposeAsync()
        {
            foreach (var host in _hosts)
            {
                host.Dispose();
            }

            await Coord.DisposeAsync();
            Certificates.Dispose();
        }

        /// <summary>Starts a client host with <paramref name="tls"/>; throws when the gateway refuses it.</summary>
        public async Task<IHost> StartClientAsync(CoordTlsOptions tls)
        {
            var host = Host.CreateDefaultBuilder()
                .ConfigureLogging(l => l.ClearProviders())
                .UseOrleansClient(c => c
                    .UseStaticClustering(Coord.Cluster.Silos[0].GatewayAddress.Endpoint)
                    .Configure<ClusterOptions>(o =>
                    {
                        o.ClusterId = Coord.Cluster.Options.ClusterId;
                        o.ServiceId = Coord.Cluster.Options.ServiceId;
                    })
                    .AddCoordStreams()
                    .UseConnectionRetryFilter((_, _) => Task.FromResult(false))
                    .UseCoordTls(tls))
                .Build();
            try
            {
                // Connection failures are not retried (the retry filter), so a refused handshake fails the start.
                using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await host.StartAsync(bound.Token);
                await host.Services.GetRequiredService<IClusterClient>().GetGrain<Orleans.Runtime.IManagementGrain>(0).GetHosts().WaitAsync(TimeSpan.FromSeconds(20));
                return host;
            }
            catch
            {
                host.Dispose();
                throw;
            }
        }
    }

    private static CoordTlsOptions FromFolder(string folder, string name) => new()
    {
        CertificatePath = Path.Combine(folder, $"{name}.pem"),
        KeyPath = Path.Combine(folder, $"{name}.key"),
        TrustedCaPath = Path.Combine(folder, "ca.pem"),
    };

    private sealed class SiloTls : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder.UseCoordTls(FromFolder(siloBuilder.Configuration["tls-folder"]!, "silo"));
    }

    private sealed class ClientTls : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.UseCoordTls(FromFolder(configuration["tls-folder"]!, "client"));
    }
}
