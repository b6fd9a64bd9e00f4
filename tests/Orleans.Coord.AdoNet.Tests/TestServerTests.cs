using System.Diagnostics;
using System.Net.Sockets;
using Orleans.Coord.TestServers;
using Xunit;

namespace Orleans.Coord.AdoNet.Tests;

/// <summary>The server fixtures' lifecycle, shown on the quickest one (Redis).</summary>
public sealed class TestServerTests
{
    [Fact]
    public async Task Redis_starts_on_loopback_and_dispose_stops_the_process_and_deletes_its_folder()
    {
        var server = await RedisServer.StartAsync();
        var pid = server.ProcessId;
        var folder = server.Folder;
        Assert.Equal($"redis://127.0.0.1:{server.Port}", server.Url);
        Assert.True(Directory.Exists(folder));
        using (var client = new TcpClient())
        {
            await client.ConnectAsync("127.0.0.1", server.Port);
        }

        await server.DisposeAsync();

        Assert.False(Directory.Exists(folder));
        Assert.True(IsGone(pid), $"process {pid} still running");
    }

    [Fact]
    public void A_missing_server_binary_names_the_Debian_package_to_install()
    {
        var e = Assert.Throws<ServerBinaryNotFoundException>(() =>
            Orleans.Coord.TestServers.Internal.ServerBinaries.Locate("some-server-package", ["orleans-coord-no-such-binary"]));

        Assert.Equal("some-server-package", e.DebianPackage);
        Assert.Contains("apt-get install -y some-server-package", e.Message);
        Assert.Contains("orleans-coord-no-such-binary", e.Message);
    }

    [Fact]
    public void FreePort_returns_a_bindable_loopback_port()
    {
        var port = FreePort.Next();
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, port);
        listener.Start();
        Assert.InRange(port, 1, 65535);
    }

    [Fact]
    public async Task Poll_times_out_with_the_awaited_condition_named()
    {
        var e = await Assert.ThrowsAsync<TimeoutException>(() => Poll.UntilAsync(() => false, TimeSpan.FromMilliseconds(100), "pigs fly"));
        Assert.Contains("pigs fly", e.Message);
    }

    private static bool IsGone(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}
