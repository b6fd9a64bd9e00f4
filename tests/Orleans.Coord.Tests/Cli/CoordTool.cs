using System.Diagnostics;

namespace Orleans.Coord.Tests.Cli;

/// <summary>The <c>coord</c> tool as built by this build, run as a process.</summary>
public static class CoordTool
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs <c>coord</c> with <paramref name="args"/> to its end; <paramref name="input"/> is written to its stdin.</summary>
    public static async Task<CliResult> RunAsync(IEnumerable<string> args, string input = "")
    {
        using var process = Process.Start(StartInfo(args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync().WaitAsync(RunTimeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"coord {string.Join(' ', args)} did not end within {RunTimeout.TotalSeconds} s:\n{await output}\n{await errors}");
        }

        return new CliResult(process.ExitCode, await output, await errors);
    }

    /// <summary>Starts <c>coord</c> with <paramref name="args"/> and collects its output as it comes: a live view.</summary>
    public static LiveTool Start(IEnumerable<string> args) => new(Process.Start(StartInfo(args))!);

    private static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(BuildOutput.Dll("src/Orleans.Coord.Cli", "coord.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("ORLEANS_COORD_BACKEND");
        return start;
    }
}
