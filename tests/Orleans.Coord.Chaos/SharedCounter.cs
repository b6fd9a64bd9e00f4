using System.Globalization;

namespace Orleans.Coord.Chaos;

/// <summary>
/// The resource the lock protects: a number in a file, read and written back by separate steps (deliberately not
/// atomic), so two holders at once show as a lost update. Each write replaces the file whole (write, then rename), so
/// a writer killed mid-write leaves the previous value, not a torn one.
/// </summary>
internal sealed class SharedCounter(string path)
{
    public long Read() => System.IO.File.Exists(path) && long.TryParse(System.IO.File.ReadAllText(path), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;

    public void Write(long value)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        System.IO.File.WriteAllText(temporary, value.ToString(CultureInfo.InvariantCulture));
        System.IO.File.Move(temporary, path, overwrite: true);
    }
}
