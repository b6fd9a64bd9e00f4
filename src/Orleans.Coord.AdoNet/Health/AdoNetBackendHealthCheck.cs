using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MySqlConnector;
using Npgsql;

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
    private readonly string _where;
    private readonly TimeSpan _timeout;

    /// <summary>Creates the check.</summary>
    /// <param name="url">A <c>postgresql://</c> or <c>mysql://</c> backend URL.</param>
    /// <param name="timeout">The bound on the connection and the query together, positive.</param>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not a usable PostgreSQL or MySQL URL.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is not positive.</exception>
    public AdoNetBackendHealthCheck(BackendUrl url, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        var connection = AdoNetConnectionUrl.Parse(url.ToConnectionUrl());
        var seconds = (int)Math.Ceiling(timeout.TotalSeconds);
        _dialect = connection.Dialect;
        _connectionString = connection.Dialect == AdoNetDialect.PostgreSql
            ? new NpgsqlConnectionStringBuilder(connection.ConnectionString) { Pooling = false, Timeout = seconds, CommandTimeout = seconds }.ConnectionString
            : new MySqlConnectionStringBuilder(connection.ConnectionString) { Pooling = false, ConnectionTimeout = (uint)seconds, DefaultCommandTimeout = (uint)seconds }.ConnectionString;
        _where = $"{url.Scheme} at {url.HostList}";
        _timeout = timeout;
    }

    /// <inheritdoc/>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            await using var connection = Connect();
            await connection.OpenAsync(timeout.Token).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(timeout.Token).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"{_where} answered SELECT 1");
        }
        catch (Exception ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Failed(context, $"no answer within {_timeout.TotalSeconds:0.#} s", ex);
        }
        catch (DbException ex)
        {
            return Failed(context, Cause(ex), ex);
        }
        catch (Exception ex) when (ex is SocketException or IOException or TimeoutException or InvalidOperationException)
        {
            return Failed(context, Cause(ex), ex);
        }
    }

    private DbConnection Connect() => _dialect == AdoNetDialect.PostgreSql
        ? new NpgsqlConnection(_connectionString)
        : new MySqlConnection(_connectionString);

    private HealthCheckResult Failed(HealthCheckContext context, string cause, Exception ex) =>
        new(context.Registration.FailureStatus, $"cannot reach {_where}: {cause}", ex);

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
