using System.Globalization;

namespace Orleans.Coord.Chaos;

/// <summary>
/// A fenced resource as Chubby's sequencers and Kleppmann's argument have it: it remembers the highest fencing token
/// it was written with and rejects a write with a lower one. The check and the write are atomic across processes: they
/// run under an exclusive lock on the register's file (<see cref="FileShare.None"/>, an flock).
/// </summary>
internal sealed class FencingRegister(string path)
{
    /// <summary>Writes <paramref name="token"/> unless a higher one was written before; returns the highest before this write.</summary>
    public (bool Accepted, long Highest) Write(long token)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                using var reader = new StreamReader(file, leaveOpen: true);
                var highest = long.TryParse(reader.ReadToEnd(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var h) ? h : long.MinValue;
                if (token < highest)
                {
                    return (false, highest);
                }

                file.SetLength(0);
                file.Position = 0;
                using var writer = new StreamWriter(file);
                writer.Write(token.ToString(CultureInfo.InvariantCulture));
                return (true, highest);
            }
            catch (IOException) when (attempt < 2000)
            {
                // Another process holds the register's file lock.
                Thread.Sleep(1);
            }
        }
    }
}
