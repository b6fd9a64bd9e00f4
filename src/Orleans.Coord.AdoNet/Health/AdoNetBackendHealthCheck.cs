using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MySqlConnector;
using Npgsql;
using Orleans.Coord.Health;

namespace Orleans.Coord.AdoNet.Health;

/// <summary>
/// Whether the PostgreSQL or MySQL/MariaDB database of a backend URL answers, by a real round trip: a new connection
/// (outside the connection pool, so a restarted server is seen at the next check) with the URL's user, password and
/// database, and <c>SELECT 1</c> on it. The check is healthy when the query returns within the timeout; it fails with
/// the cause (<c>cannot reach postgresql at 127.0.0.1:5432: connection refused</c>, <c>no answer within 3 s</c>, or the
/// server's error, such as a refused password) otherwise. The password is never part of the description.
/// </summary>
public sealed class AdoNetBackendHealthCheck : IHealthCheck
{
    private readonly AdoNetDialect _dialect;
    private readonly string _connectionString;
    private readonly BackendRoundTripCheck _check;

    /// <summary>Creates the check.</summary>
    /// <param name="url">A <c>postgresql://</c> or <c>mysql://</c> backend URL.</param>
    /// <param name="timeout">The bound on the connection and the query together, positive (at most one hour).</param>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not a usable PostgreSQL or MySQL URL.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is not positive or longer than an hour.</exception>
    public AdoNetBackendHealthCheck(BackendUrl url, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(url);
        BackendRoundTripCheck.CheckTimeout(timeout, TimeSpan.FromHours(1));
        var connection = AdoNetConnectionUrl.Parse(url.ToConnectionUrl());
        var seconds = (int)Math.Ceiling(timeout.TotalSeconds);
        _dialect = connection.Dialect;
        _connectionString = connection.Dialect == AdoNetDialect.PostgreSql
            ? new NpgsqlConnectionStringBuilder(connection.ConnectionString) { Pooling = false, Timeout = seconds, CommandTimeout = seconds }.ConnectionString
            : new MySqlConnectionStringBuilder(connection.ConnectionString) { Pooling = false, ConnectionTimeout = (uint)seconds, DefaultCommandTimeout = (uint)seconds }.ConnectionString;
        _check = new BackendRoundTripCheck($"{url.Scheme} at {url.HostList}", timeout);
    }

    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        _check.RunAsync(
            context,
            async token =>
            {
                await using var connection = Connect();
                await connection.OpenAsync(token).ConfigureAwait(false);
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT 1";
                await command.ExecuteScalarAsync(token).ConfigureAwait(false);
                return "answered SELECT 1";
            },
            ex => ex is DbException or SocketException or IOException or TimeoutException or InvalidOperationException ? Cause(ex) : null,
            cancellationToken);

    private DbConnection Connect() => _dialect == AdoNetDialect.PostgreSql
        ? new NpgsqlConnection(_connectionString)
        : new MySqlConnection(_connectionString);

    /// <summary>The socket error when the server could not be reached (<c>connection refused</c>), else the first line of the error.</summary>
    private static string Cause(Exception ex)
    {
        for (var inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                var words = socket.Message;
                return words.Length == 0 ? socket.SocketErrorCode.ToString() : char.ToLowerInvariant(words[0]) + words[1..];
            }
        }

        return ex.Message.ReplaceLineEndings(" ").Trim();
    }
}
