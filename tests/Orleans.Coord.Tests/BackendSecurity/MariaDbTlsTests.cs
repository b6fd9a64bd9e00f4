using Microsoft.Extensions.Diagnostics.HealthChecks;
using MySqlConnector;
using Orleans.Coord.AdoNet;
using Orleans.Coord.Hosting;

namespace Orleans.Coord.Tests.BackendSecurity;

/// <summary>
/// The MySQL/MariaDB backend's TLS options against a real MariaDB whose user is <c>REQUIRE SSL</c>: with
/// <c>sslmode=verify-full</c> and the CA, the backend's connection string and health check connect over TLS; without
/// TLS, with a wrong password or with another CA the connection is refused with a clear error that never shows the
/// password. (The cluster end to end over TLS is the PostgreSQL test's; both dialects share the URL translation.)
/// </summary>
public sealed class MariaDbTlsTests : IAsyncLifetime
{
    private readonly TestCertificates _certificates = new();
    private MariaDbServer _server = null!;

    public async Task InitializeAsync() => _server = await MariaDbServer.StartAsync(options: new MariaDbServerOptions { Tls = _certificates });

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _certificates.Dispose();
    }

    [Fact]
    public async Task Verify_full_connects_over_TLS_and_plain_wrong_password_or_other_CA_are_refused_without_showing_the_password()
    {
        var verified = UrlWith(MariaDbServer.Password, $"sslmode=verify-full&sslrootcert={Uri.EscapeDataString(_certificates.CaPath)}");
        await using (var connection = await OpenAsync(verified))
        {
            await using var command = new MySqlCommand("SHOW SESSION STATUS LIKE 'Ssl_cipher'", connection);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.NotEqual("", reader.GetString(1));
        }

        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(verified)).Status);

        var plain = await Assert.ThrowsAsync<MySqlException>(() => OpenAsync(UrlWith(MariaDbServer.Password, "sslmode=disable")));
        Assert.Contains("Access denied", plain.Message);

        var wrongPassword = "not-" + MariaDbServer.Password;
        var wrong = await Assert.ThrowsAsync<MySqlException>(() => OpenAsync(UrlWith(wrongPassword, "ssl-mode=REQUIRED")));
        Assert.Contains("Access denied", wrong.Message);
        Assert.DoesNotContain(wrongPassword, wrong.ToString());

        var otherCa = UrlWith(MariaDbServer.Password, $"sslmode=verify-ca&sslrootcert={Uri.EscapeDataString(_certificates.RogueCaPath)}");
        var untrusted = await Assert.ThrowsAnyAsync<Exception>(() => OpenAsync(otherCa));
        Assert.DoesNotContain(MariaDbServer.Password, untrusted.ToString());
        Assert.Equal(HealthStatus.Unhealthy, (await CheckAsync(otherCa)).Status);
    }

    private string UrlWith(string password, string query) =>
        $"mysql://{MariaDbServer.UserName}:{Uri.EscapeDataString(password)}@{_server.Host}:{_server.Port}/{MariaDbServer.Database}?{query}";

    private static async Task<MySqlConnection> OpenAsync(string url)
    {
        var builder = new MySqlConnectionStringBuilder(AdoNetConnectionUrl.Parse(url).ConnectionString) { Pooling = false, ConnectionTimeout = 5 };
        var connection = new MySqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static Task<HealthCheckResult> CheckAsync(string url)
    {
        var check = BackendHealthChecks.For(BackendUrl.Parse(url), TimeSpan.FromSeconds(3))!;
        return check.CheckHealthAsync(new HealthCheckContext { Registration = new HealthCheckRegistration("backend", check, HealthStatus.Unhealthy, null) });
    }
}
