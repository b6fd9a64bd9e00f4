using System.Diagnostics;

namespace Orleans.Coord.Tests.Crash;

/// <summary>When each operation of a crash test's loops was answered, to bound the pause a crash causes.</summary>
internal sealed class AnswerTimes
{
    private readonly List<long> _times = [];

    /// <summary>How many answers were noted.</summary>
    public int Count
    {
        get
        {
            lock (_times)
            {
                return _times.Count;
            }
        }
    }

    /// <summary>Notes an answer now.</summary>
    public void Add()
    {
        lock (_times)
        {
            _times.Add(Stopwatch.GetTimestamp());
        }
    }

    /// <summary>The longest time from <paramref name="timestamp"/> or an answer after it to the next answer.</summary>
    public TimeSpan LongestGapSince(long timestamp)
    {
        lock (_times)
        {
            var longest = TimeSpan.Zero;
            var previous = timestamp;
            foreach (var answered in _times.Where(t => t > timestamp))
            {
                var gap = Stopwatch.GetElapsedTime(previous, answered);
                longest = gap > longest ? gap : longest;
                previous = answered;
            }

            return longest;
        }
    }
}
