using System.Net.Sockets;
using System.Text;

namespace Orleans.Coord.Hosting;

/// <summary>
/// Checks that a backend's server answers before a silo starts on it, and waits for it with a bounded backoff:
/// containers often start silos before their Redis, PostgreSQL or ZooKeeper is ready. A server counts as reachable when
/// one of its hosts accepts a TCP connection within 2 s; Redis must also answer <c>PING</c> (so a server still loading
/// its data counts as not ready).
/// </summary>
public static class BackendReachability
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>Checks once. Does nothing for <see cref="BackendKind.Localhost"/>.</summary>
    /// <exception cref="BackendUnreachableException">No host answered; the message says which backend and why.</exception>
    public static async Task CheckAsync(BackendUrl url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Kind == BackendKind.Localhost)
        {
            return;
        }

        string? cause = null;
        foreach (var (host, port) in url.Hosts)
        {
            cause = await ProbeAsync(url.Kind, host, port, cancellationToken);
            if (cause is null)
            {
                return;
            }
        }

        var where = string.Join(",", url.Hosts.Select(h => $"{h.Host}:{h.Port}"));
        throw new BackendUnreachableException($"cannot reach {url.Scheme} at {where}: {cause}");
    }

    /// <summary>
    /// Checks until the backend answers or <paramref name="patience"/> has passed, waiting 0.5 s after the first failure
    /// and doubling up to 5 s; <paramref name="onFailure"/> hears each failed attempt and the wait before the next.
    /// </summary>
    /// <exception cref="BackendUnreachableException">The backend did not answer within <paramref name="patience"/>; the last cause.</exception>
    public static async Task WaitAsync(BackendUrl url, TimeSpan patience, Action<BackendUnreachableException, TimeSpan>? onFailure = null, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + patience;
        var delay = TimeSpan.FromMilliseconds(500);
        while (true)
        {
            try
            {
                await CheckAsync(url, cancellationToken);
                return;
            }
            catch (BackendUnreachableException ex)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    throw;
                }

                var wait = delay < left ? delay : left;
                onFailure?.Invoke(ex, wait);
                await Task.Delay(wait, cancellationToken);
                delay = delay * 2 < MaxRetryDelay ? delay * 2 : MaxRetryDelay;
            }
        }
    }

    /// <summary>Null when the host answers, else the cause in a few words.</summary>
    private static async Task<string?> ProbeAsync(BackendKind kind, string host, int port, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(host, port, timeout.Token);
            return kind == BackendKind.Redis ? await PingRedisAsync(socket, timeout.Token) : null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {ConnectTimeout.TotalSeconds:0} s";
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

    /// <summary>Sends PING; a server that answers anything but an error other than NOAUTH is ready.</summary>
    private static async Task<string?> PingRedisAsync(Socket socket, CancellationToken cancellationToken)
    {
        await socket.SendAsync("PING\r\n"u8.ToArray(), SocketFlags.None, cancellationToken);
        var buffer = new byte[256];
        var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
        if (read == 0)
        {
            return "the server closed the connection";
        }

        var reply = Encoding.ASCII.GetString(buffer, 0, read).TrimEnd();
        return reply.StartsWith('-') && !reply.StartsWith("-NOAUTH", StringComparison.Ordinal)
            ? $"the server is not ready ({reply[1..]})"
            : null;
    }
}
