using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Coord.Hosting;
using Orleans.Coord.Redis;
using StackExchange.Redis;

namespace Orleans.Coord.Tests.BackendSecurity;

/// <summary>
/// The Redis backend over TLS with an ACL user (<see cref="RedisSecureFixture"/>): it works end to end, the server's
/// certificate is checked against the URL's CA, a connection without TLS or with a wrong password is refused, and the
/// password shows nowhere.
/// </summary>
public sealed class RedisSecureConnectionTests(RedisSecureFixture fixture) : IClassFixture<RedisSecureFixture>
{
    [Fact]
    public async Task Locks_groups_and_the_health_check_work_over_TLS_as_the_ACL_user()
    {
        await fixture.AssertLocksAndGroupsWorkAsync("tls-member");
        var health = await CheckAsync(fixture.Server.Url);
        Assert.Equal(HealthStatus.Healthy, health.Status);
    }

    [Fact]
    public async Task Without_TLS_with_a_wrong_password_or_with_another_CA_the_connection_is_refused_without_showing_the_password()
    {
        var plain = $"redis://{RedisSecureFixture.User}:{RedisSecureFixture.Password}@{fixture.Server.Host}:{fixture.Server.Port}?connectTimeout=2000";
        var wrong = fixture.Server.UrlWith(RedisSecureFixture.User, "not-" + RedisSecureFixture.Password);
        var otherCa = fixture.Server.Url.Replace(Uri.EscapeDataString(fixture.Certificates.CaPath), Uri.EscapeDataString(fixture.Certificates.RogueCaPath), StringComparison.Ordinal);

        foreach (var url in new[] { plain, wrong, otherCa })
        {
            var refused = await Assert.ThrowsAsync<RedisConnectionException>(() => ConnectAsync(url));
            Assert.DoesNotContain(RedisSecureFixture.Password, refused.ToString());
        }

        var wrongPassword = await Assert.ThrowsAsync<RedisConnectionException>(() => ConnectAsync(wrong));
        Assert.Contains("authentication failure", wrongPassword.Message);

        var untrusted = await CheckAsync(otherCa);
        Assert.Equal(HealthStatus.Unhealthy, untrusted.Status);
        Assert.Contains("TLS handshake failed", untrusted.Description);
    }

    [Fact]
    public void The_password_is_neither_in_the_url_as_shown_nor_in_the_silos_logs()
    {
        var url = BackendUrl.Parse(fixture.Server.Url);
        Assert.Equal(RedisSecureFixture.Password, url.Password);
        Assert.DoesNotContain(RedisSecureFixture.Password, url.ToString());
        Assert.DoesNotContain(RedisSecureFixture.Password, BackendUrl.Parse($"redis://h:1?password={RedisSecureFixture.Password}").ToString());
        var passwordOnly = BackendUrl.Parse($"rediss://:{RedisSecureFixture.Password}@h:1");
        Assert.Equal((null, RedisSecureFixture.Password, "rediss://:***@h:1"), (passwordOnly.User, passwordOnly.Password, passwordOnly.ToString()));
        Assert.NotEmpty(RedisSecureFixture.Logs.Lines);
        Assert.DoesNotContain(RedisSecureFixture.Logs.Lines, l => l.Contains(RedisSecureFixture.Password, StringComparison.Ordinal));
    }

    private static async Task ConnectAsync(string url)
    {
        var options = RedisConnection.Options(BackendUrl.Parse(url));
        options.ConnectTimeout = 2000;
        options.AbortOnConnectFail = true;
        await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
    }

    private static Task<HealthCheckResult> CheckAsync(string url)
    {
        var check = BackendHealthChecks.For(BackendUrl.Parse(url), TimeSpan.FromSeconds(2))!;
        return check.CheckHealthAsync(new HealthCheckContext { Registration = new HealthCheckRegistration("backend", check, HealthStatus.Unhealthy, null) });
    }
}
