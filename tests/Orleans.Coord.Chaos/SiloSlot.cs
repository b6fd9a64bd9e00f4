using Orleans.Coord.TestServers;

namespace Orleans.Coord.Chaos;

/// <summary>
/// One of the run's silos: fixed silo and gateway ports, and the silo process running there now. A killed or crashed
/// silo is started again on the same ports; each process's output is kept in the run's folder.
/// </summary>
internal sealed class SiloSlot(int index, string backendUrl, string clusterId, string folder)
{
    private readonly int _siloPort = FreePort.Next();
    private readonly int _gatewayPort = FreePort.Next();
    private int _incarnation;

    public int Index { get; } = index;

    public int SiloPort => _siloPort;

    public SiloProcess? Process { get; private set; }

    private bool _started;

    /// <summary>Running, started (it logged "silo started") and not paused.</summary>
    public bool IsUp => Process is { HasExited: false } process && !IsPaused && (_started = _started || process.Log.Contains("silo started", StringComparison.Ordinal));

    public bool IsPaused { get; private set; }

    /// <summary>Down on purpose, to be started again by whoever took it down.</summary>
    public bool IsRestarting { get; set; }

    public string Name => $"silo{Index}";

    public void Start()
    {
        _incarnation++;
        _started = false;
        Process = SiloProcess.Start(backendUrl, clusterId, _siloPort, _gatewayPort);
    }

    public async Task KillAsync()
    {
        if (Process is { } process)
        {
            if (IsPaused)
            {
                process.Resume();
                IsPaused = false;
            }

            process.Crash();
            await process.WaitForExitAsync(TimeSpan.FromSeconds(10));
            SaveLog();
        }
    }

    public void Pause()
    {
        Process!.Pause();
        IsPaused = true;
    }

    public void Resume()
    {
        IsPaused = false;
        Process!.Resume();
    }

    /// <summary>Writes the output of the current process to <c>siloN-incarnation.log</c>.</summary>
    public void SaveLog()
    {
        if (Process is { } process)
        {
            System.IO.File.WriteAllText(Path.Combine(folder, $"{Name}-{_incarnation}.log"), process.Log);
        }
    }

    public async Task DisposeAsync()
    {
        if (Process is { } process)
        {
            if (IsPaused)
            {
                process.Resume();
            }

            SaveLog();
            await process.DisposeAsync();
        }
    }
}
