using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Orleans.Coord.Redis.Health;

/// <summary>
/// Whether the Redis server(s) of a backend URL answer, by a real round trip: a new TCP connection to each host of the
/// URL in turn and a <c>PING</c> on it. The check is healthy as soon as one host answers <c>+PONG</c> (or
/// <c>-NOAUTH</c>: the server is up and wants a password) within the timeout; it fails with the last host's cause
/// (<c>cannot reach redis at 127.0.0.1:6379: connection refused</c>, <c>no answer within 3 s</c>, <c>the server is not
/// ready (LOADING ...)</c>) when none does. Each check opens its own connection and closes it, so a restarted server is
/// seen at the next check. For <c>rediss://</c> (or <c>?ssl=true</c>) the PING goes over TLS, and the server's
/// certificate is checked as the backend checks it (against the URL's <c>sslCaFile</c> when it names one).
/// </summary>
public sealed class RedisBackendHealthCheck : IHealthCheck
{
    private readonly BackendUrl _url;
    private readonly TimeSpan _timeout;
    private readonly RemoteCertificateValidationCallback? _trust;

    /// <summary>Creates the check.</summary>
    /// <param name="url">A <c>redis://</c> backend URL.</param>
    /// <param name="timeout">The bound on one host's connection and answer, positive.</param>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not a Redis URL.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is not positive.</exception>
    public RedisBackendHealthCheck(BackendUrl url, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Kind != BackendKind.Redis)
        {
            throw new ArgumentException($"Backend URL '{url}' is not a Redis URL (redis://host:port[,host:port][?options]).", nameof(url));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        _url = url;
        _timeout = timeout;
        _trust = RedisConnection.CaFile(url) is { } caFile ? RedisServerTrust.IssuedBy(RedisServerTrust.ReadCas(caFile)) : null;
    }

    /// <inheritdoc/>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        string? cause = null;
        foreach (var (host, port) in _url.Hosts)
        {
            cause = await PingAsync(host, port, cancellationToken).ConfigureAwait(false);
            if (cause is null)
            {
                return HealthCheckResult.Healthy($"redis at {host}:{port} answered PING");
            }
        }

        var where = _url.HostList;
        return new HealthCheckResult(context.Registration.FailureStatus, $"cannot reach redis at {where}: {cause}");
    }

    /// <summary>Null when the host answers PING, else the cause in a few words.</summary>
    private async Task<string?> PingAsync(string host, int port, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
            await using var stream = await OpenAsync(new NetworkStream(socket, ownsSocket: false), host, timeout.Token).ConfigureAwait(false);
            await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token).ConfigureAwait(false);
            var buffer = new byte[256];
            var read = await stream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
            if (read == 0)
            {
                return "the server closed the connection";
            }

            var reply = Encoding.ASCII.GetString(buffer, 0, read).TrimEnd();
            return reply.StartsWith('-') && !reply.StartsWith("-NOAUTH", StringComparison.Ordinal)
                ? $"the server is not ready ({reply[1..]})"
                : null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {_timeout.TotalSeconds:0.#} s";
        }
        catch (AuthenticationException ex)
        {
            return $"the TLS handshake failed ({ex.Message})";
        }
        catch (IOException ex) when (ex.InnerException is null or SocketException)
        {
            return $"the connection failed ({ex.Message})";
        }
        catch (SocketException ex)
        {
            return ex.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused",
                SocketError.HostNotFound or SocketError.NoData => "unknown host",
                SocketError.TimedOut => "timed out",
                SocketError.ConnectionReset => "connection reset",
                _ => ex.Message.ToLowerInvariant(),
            };
        }
    }

    /// <summary>The stream to talk on: TLS over <paramref name="network"/> when the URL asks for it (trusting its CA file if it names one).</summary>
    private async Task<Stream> OpenAsync(NetworkStream network, string host, CancellationToken cancellationToken)
    {
        if (!RedisConnection.IsTls(_url))
        {
            return network;
        }

        var configuration = RedisConnection.Options(_url);
        var tls = new SslStream(network, leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = configuration.SslHost ?? host,
                    RemoteCertificateValidationCallback = _trust,
                },
                cancellationToken).ConfigureAwait(false);
            return tls;
        }
        catch
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
