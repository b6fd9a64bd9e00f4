using System.Net;
using System.Net.Sockets;

namespace Orleans.Coord.ZooKeeper.Tests.Infrastructure;

/// <summary>
/// A loopback TCP forwarder placed between a client and a ZooKeeper server to simulate network faults:
/// <see cref="Blackhole"/> silently stops carrying bytes on every connection, old and new (a partition: no FIN, no RST);
/// <see cref="Reject"/> closes every connection at once and refuses new ones; <see cref="Restore"/> forwards again.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _cts = new();
    private readonly object _lock = new();
    private readonly List<(TcpClient Client, TcpClient? Upstream)> _connections = new();
    private readonly Task _acceptLoop;
    private volatile Mode _mode = Mode.Forward;

    public TcpProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    private enum Mode
    {
        Forward,
        Blackhole,
        Reject,
    }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    public void Blackhole() => _mode = Mode.Blackhole;

    public void Reject()
    {
        _mode = Mode.Reject;
        CloseAll();
    }

    /// <summary>Forwards again; connections that were held in a blackhole are closed (their peers gave up on them).</summary>
    public void Restore()
    {
        var wasBlackhole = _mode == Mode.Blackhole;
        _mode = Mode.Forward;
        if (wasBlackhole)
        {
            CloseAll();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _cts.Cancel();
        _listener.Stop();
        CloseAll();
        try
        {
            await _acceptLoop;
        }
        catch (Exception)
        {
        }

        _cts.Dispose();
    }

    private void CloseAll()
    {
        lock (_lock)
        {
            foreach (var (client, upstream) in _connections)
            {
                client.Dispose();
                upstream?.Dispose();
            }

            _connections.Clear();
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_cts.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_cts.Token);
            }
            catch (Exception)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(client));
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        if (_mode == Mode.Reject)
        {
            client.Dispose();
            return;
        }

        TcpClient? upstream = null;
        try
        {
            if (_mode == Mode.Forward)
            {
                upstream = new TcpClient();
                await upstream.ConnectAsync(IPAddress.Loopback, _targetPort, _cts.Token);
            }

            lock (_lock)
            {
                _connections.Add((client, upstream));
            }

            if (upstream is null)
            {
                // Accepted during a blackhole: swallow whatever the client sends.
                await PumpAsync(client.GetStream(), null);
                return;
            }

            await Task.WhenAny(PumpAsync(client.GetStream(), upstream.GetStream()), PumpAsync(upstream.GetStream(), client.GetStream()));
        }
        catch (Exception)
        {
        }
        finally
        {
            client.Dispose();
            upstream?.Dispose();
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream? to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, _cts.Token);
                if (read == 0)
                {
                    return;
                }

                if (to is not null && _mode == Mode.Forward)
                {
                    await to.WriteAsync(buffer.AsMemory(0, read), _cts.Token);
                }
            }
        }
        catch (Exception)
        {
        }
    }
}
