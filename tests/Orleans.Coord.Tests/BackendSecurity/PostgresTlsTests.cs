using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Orleans.Coord.AdoNet;
using Orleans.Coord.Hosting;

namespace Orleans.Coord.Tests.BackendSecurity;

/// <summary>
/// The PostgreSQL backend over TLS with password authentication (<see cref="PostgresTlsFixture"/>): it works end to
/// end with <c>sslmode=verify-full</c>, a connection without TLS, with a wrong password or to a server whose
/// certificate another CA issued is refused with a clear error, and the password shows nowhere.
/// </summary>
public sealed class PostgresTlsTests(PostgresTlsFixture fixture) : IClassFixture<PostgresTlsFixture>
{
    [Fact]
    public async Task Locks_groups_and_the_health_check_work_with_sslmode_verify_full()
    {
        await fixture.AssertLocksAndGroupsWorkAsync("pg-member");
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(fixture.Url)).Status);
    }

    [Fact]
    public async Task Without_TLS_with_a_wrong_password_or_with_another_CA_the_connection_is_refused_without_showing_the_password()
    {
        var plain = await Assert.ThrowsAsync<PostgresException>(() => OpenAsync(fixture.UrlWith(PostgresServer.Password, "sslmode=disable")));
        Assert.Contains("no encryption", plain.Message);

        var wrongPassword = "not-" + PostgresServer.Password;
        var wrong = await Assert.ThrowsAsync<PostgresException>(() => OpenAsync(fixture.UrlWith(wrongPassword, "sslmode=require")));
        Assert.Contains("password authentication failed", wrong.Message);
        Assert.DoesNotContain(wrongPassword, wrong.ToString());

        var otherCa = fixture.UrlWith(PostgresServer.Password, $"sslmode=verify-ca&sslrootcert={Uri.EscapeDataString(fixture.Certificates.RogueCaPath)}");
        var untrusted = await Assert.ThrowsAnyAsync<Exception>(() => OpenAsync(otherCa));
        Assert.DoesNotContain(PostgresServer.Password, untrusted.ToString());
        var health = await CheckAsync(otherCa);
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.DoesNotContain(PostgresServer.Password, health.Description);

        var badMode = Assert.Throws<ArgumentException>(() => AdoNetConnectionUrl.Parse(fixture.UrlWith(PostgresServer.Password, "sslmode=sometimes")));
        Assert.Contains("verify-full", badMode.Message);
        Assert.DoesNotContain(PostgresServer.Password, badMode.Message);
    }

    [Fact]
    public void The_password_is_neither_in_the_url_as_shown_nor_in_the_silos_logs()
    {
        Assert.DoesNotContain(PostgresServer.Password, BackendUrl.Parse(fixture.Url).ToString());
        Assert.DoesNotContain(PostgresServer.Password, AdoNetConnectionUrl.Parse(fixture.Url).ToString());
        Assert.NotEmpty(PostgresTlsFixture.Logs.Lines);
        Assert.DoesNotContain(PostgresTlsFixture.Logs.Lines, l => l.Contains(PostgresServer.Password, StringComparison.Ordinal));
    }

    private static async Task OpenAsync(string url)
    {
        var builder = new NpgsqlConnectionStringBuilder(AdoNetConnectionUrl.Parse(url).ConnectionString) { Pooling = false, Timeout = 5 };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
    }

    private static Task<HealthCheckResult> CheckAsync(string url)
    {
        var check = BackendHealthChecks.For(BackendUrl.Parse(url), TimeSpan.FromSeconds(3))!;
        return check.CheckHealthAsync(new HealthCheckContext { Registration = new HealthCheckRegistration("backend", check, HealthStatus.Unhealthy, null) });
    }
}
