namespace Orleans.Coord.Chaos;

/// <summary>An append-only JSON-lines file of <see cref="ChaosEvent"/>s, flushed after every line (the writer may be killed).</summary>
internal sealed class EventLog : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly string _source;

    public EventLog(string path, string source)
    {
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
        _source = source;
    }

    public void Write(ChaosEvent e)
    {
        var line = (e with { T = e.T == 0 ? ChaosEvent.Now() : e.T, Source = _source }).ToJson();
        lock (_writer)
        {
            _writer.WriteLine(line);
        }
    }

    public void Write(string kind, string? session = null, long? token = null, long? value = null, string? message = null) =>
        Write(new ChaosEvent { Kind = kind, Session = session, Token = token, Value = value, Message = message });

    public void Error(Exception error, string? session = null, string? during = null) =>
        Write(new ChaosEvent { Kind = EventKinds.Error, Session = session, Error = error.GetType().Name, Message = (during is null ? "" : during + ": ") + error.Message });

    /// <summary>Every event in the .jsonl files of <paramref name="folder"/>; a torn last line (a killed writer) is skipped.</summary>
    public static List<ChaosEvent> ReadFolder(string folder)
    {
        var events = new List<ChaosEvent>();
        foreach (var file in Directory.GetFiles(folder, "*.jsonl"))
        {
            using var reader = new StreamReader(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            while (reader.ReadLine() is { } line)
            {
                try
                {
                    if (ChaosEvent.Parse(line) is { } e)
                    {
                        events.Add(e);
                    }
                }
                catch (System.Text.Json.JsonException)
                {
                    // A line cut short by kill -9.
                }
            }
        }

        return events.OrderBy(e => e.T).ToList();
    }

    public void Dispose() => _writer.Dispose();
}
