using System.Security.Authentication;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Coord.Hosting;
using Orleans.Coord.ZooKeeper;

namespace Orleans.Coord.Tests.BackendSecurity;

/// <summary>
/// The ZooKeeper backend over TLS (<see cref="ZooKeeperTlsFixture"/>): it works end to end on the TLS-only port, the
/// server's certificate is checked against the URL's CA (another CA, or a plain TCP client, gets no session), a
/// missing CA file is named, and the password shows nowhere.
/// </summary>
public sealed class ZooKeeperTlsTests(ZooKeeperTlsFixture fixture) : IClassFixture<ZooKeeperTlsFixture>
{
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Locks_groups_and_the_health_check_work_over_TLS()
    {
        await fixture.AssertLocksAndGroupsWorkAsync("zk-tls-member");
        var health = await CheckAsync(fixture.Url);
        Assert.Equal(HealthStatus.Healthy, health.Status);

        await using var client = new ZooKeeperClient(new ZooKeeperClientOptions
        {
            ConnectString = fixture.Server.SecureAddress,
            DigestCredentials = $"{ZooKeeperTlsFixture.User}:{ZooKeeperTlsFixture.Password}",
            Tls = new ZooKeeperTlsOptions { CaFile = fixture.Certificates.CaPath },
        });
        await client.ConnectAsync();
        Assert.NotEmpty((await client.GetChildrenAsync(ZooKeeperTlsFixture.Chroot)).Children);
    }

    [Fact]
    public async Task A_client_that_does_not_trust_the_servers_CA_is_refused_with_the_TLS_error()
    {
        await using var untrusting = new ZooKeeperClient(new ZooKeeperClientOptions
        {
            ConnectString = fixture.Server.SecureAddress,
            ConnectTimeout = Short,
            Tls = new ZooKeeperTlsOptions { CaFile = fixture.Certificates.RogueCaPath },
        });
        var refused = await Assert.ThrowsAsync<ConnectionLossException>(() => untrusting.ConnectAsync());
        Assert.IsType<AuthenticationException>(refused.InnerException);
        Assert.Contains("TLS handshake", refused.Message);

        // The machine's roots do not include the test CA either.
        await using var systemRoots = new ZooKeeperClient(new ZooKeeperClientOptions
        {
            ConnectString = fixture.Server.SecureAddress,
            ConnectTimeout = Short,
            Tls = new ZooKeeperTlsOptions(),
        });
        Assert.IsType<AuthenticationException>((await Assert.ThrowsAsync<ConnectionLossException>(() => systemRoots.ConnectAsync())).InnerException);

        // Plain TCP on the TLS-only port gets no session.
        await using var plain = new ZooKeeperClient(new ZooKeeperClientOptions { ConnectString = fixture.Server.SecureAddress, ConnectTimeout = Short });
        await Assert.ThrowsAsync<ConnectionLossException>(() => plain.ConnectAsync());

        var health = await CheckAsync(fixture.UrlWith(fixture.Certificates.RogueCaPath));
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
    }

    [Fact]
    public void A_missing_CA_file_is_named_with_its_option()
    {
        var missing = Path.Combine(fixture.Certificates.Folder, "no-such-ca.pem");
        var bad = Assert.Throws<ArgumentException>(() => new ZooKeeperClientOptions
        {
            ConnectString = fixture.Server.SecureAddress,
            Tls = new ZooKeeperTlsOptions { CaFile = missing },
        }.Validate());
        Assert.Equal(nameof(ZooKeeperTlsOptions.CaFile), bad.ParamName);
        Assert.Contains(missing, bad.Message);
        Assert.Contains("Tls.CaFile", bad.Message);
    }

    [Fact]
    public void The_password_is_neither_in_the_url_as_shown_nor_in_the_silos_logs()
    {
        var shown = BackendUrl.Parse(fixture.Url).ToString();
        Assert.DoesNotContain(ZooKeeperTlsFixture.Password, shown);
        Assert.Contains("tlsCaFile=", shown);
        Assert.NotEmpty(ZooKeeperTlsFixture.Logs.Lines);
        Assert.DoesNotContain(ZooKeeperTlsFixture.Logs.Lines, l => l.Contains(ZooKeeperTlsFixture.Password, StringComparison.Ordinal));
    }

    private static Task<HealthCheckResult> CheckAsync(string url)
    {
        var check = BackendHealthChecks.For(BackendUrl.Parse(url), Short)!;
        return check.CheckHealthAsync(new HealthCheckContext { Registration = new HealthCheckRegistration("backend", check, HealthStatus.Unhealthy, null) });
    }
}
