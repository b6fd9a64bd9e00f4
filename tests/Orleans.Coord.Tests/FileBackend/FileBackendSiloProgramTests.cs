using Orleans.Coord.TestServers.Internal;

namespace Orleans.Coord.Tests.FileBackend;

/// <summary>
/// The silo program (<c>silo/</c>, a real process) on <c>file://</c> directories it cannot use: each start ends at once
/// with exit code 1 and one line on standard error that names the directory and the cause.
/// </summary>
public sealed class FileBackendSiloProgramTests
{
    [Fact]
    public async Task A_second_silo_on_a_directory_that_a_running_silo_holds_is_refused_with_one_line()
    {
        using var folder = new TempFolder("coord-file-twice");
        var (siloPort, gatewayPort) = (FreePort.Next(), FreePort.Next());
        await using var first = SiloProcess.Start(Arguments(folder.Path, siloPort, gatewayPort), siloPort, gatewayPort);
        await Poll.UntilAsync(() => first.Log.Contains("Orleans.Coord silo started"), TimeSpan.FromSeconds(60), () => $"the first silo starts:\n{first.Log}");

        var (secondSiloPort, secondGatewayPort) = (FreePort.Next(), FreePort.Next());
        await using var second = SiloProcess.Start(Arguments(folder.Path, secondSiloPort, secondGatewayPort), secondSiloPort, secondGatewayPort);

        await AssertRefusedAsync(second, $"error: cannot use directory {folder.Path}: another silo holds it (lock file {folder.Path}/.lock)");
        Assert.False(first.HasExited);
    }

    [Fact]
    public async Task A_directory_whose_parent_is_missing_is_refused_with_one_line()
    {
        using var folder = new TempFolder("coord-file-parent");
        var directory = Path.Combine(folder.Path, "missing", "coord");
        var (siloPort, gatewayPort) = (FreePort.Next(), FreePort.Next());
        await using var silo = SiloProcess.Start(Arguments(directory, siloPort, gatewayPort), siloPort, gatewayPort);

        await AssertRefusedAsync(silo, $"error: cannot use directory {directory}: it does not exist, and neither does its parent {folder.Path}/missing (only the last part is created)");
        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task An_unwritable_directory_is_refused_with_one_line()
    {
        using var folder = new TempFolder("coord-file-readonly", forOtherUser: true);
        System.IO.File.SetUnixFileMode(folder.Path, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var (siloPort, gatewayPort) = (FreePort.Next(), FreePort.Next());
        try
        {
            await using var silo = SiloProcess.StartUnprivileged(Arguments(folder.Path, siloPort, gatewayPort), siloPort, gatewayPort);

            await AssertRefusedAsync(silo, $"error: cannot use directory {folder.Path}: it is not writable (");
            Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
        }
        finally
        {
            System.IO.File.SetUnixFileMode(folder.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static async Task AssertRefusedAsync(SiloProcess silo, string expected)
    {
        var exitCode = await silo.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var errors = silo.Log.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToArray();
        Assert.Equal(1, exitCode);
        Assert.StartsWith(expected, Assert.Single(errors));
        Assert.DoesNotContain("   at ", silo.Log);
    }

    private static string[] Arguments(string directory, int siloPort, int gatewayPort) =>
        ["--backend", $"file://{directory}", "--silo-port", $"{siloPort}", "--gateway-port", $"{gatewayPort}"];
}
