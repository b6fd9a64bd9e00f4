using System.Diagnostics;
using System.Text;

namespace Orleans.Coord.TestServers.Internal;

/// <summary>Keeps the last lines a process wrote to stdout and stderr.</summary>
internal sealed class OutputLog
{
    private const int MaxLines = 400;
    private readonly Queue<string> lines = new();
    private readonly Lock gate = new();

    public void Attach(Process process)
    {
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
    }

    public void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (gate)
        {
            lines.Enqueue(line);
            while (lines.Count > MaxLines)
            {
                lines.Dequeue();
            }
        }
    }

    public override string ToString()
    {
        lock (gate)
        {
            var text = new StringBuilder();
            foreach (var line in lines)
            {
                text.AppendLine(line);
            }

            return text.ToString();
        }
    }
}
