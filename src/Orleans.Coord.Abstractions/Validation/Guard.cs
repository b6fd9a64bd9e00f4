namespace Orleans.Coord.Validation;

/// <summary>
/// Argument checks shared by clients and grains. Every failure is an <see cref="ArgumentException"/>
/// (or a subclass) whose parameter name is the offending argument and whose message states the limit.
/// </summary>
public static class Guard
{
    private const char ReplacementCharacter = '\uFFFD';

    /// <summary>
    /// Checks a group, lock or election name or a member id: not null, 1 to <see cref="CoordLimits.MaxNameLength"/>
    /// characters, no control characters, and valid UTF-16 that round-trips through UTF-8: no lone surrogate and no
    /// U+FFFD, the replacement character into which UTF-8 turns a lone surrogate (grain keys and arguments travel as
    /// UTF-8, so a grain sees U+FFFD where a client sent a lone surrogate, and two such names would address one grain).
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    /// <exception cref="ArgumentException">The value is empty, too long, or contains a control character, a lone surrogate or U+FFFD.</exception>
    public static string Name(string? value, string paramName)
    {
        if (value is null)
        {
            throw new ArgumentNullException(paramName, $"{paramName} must not be null; it must be 1 to {CoordLimits.MaxNameLength} characters without control characters.");
        }

        if (value.Length == 0 || value.Length > CoordLimits.MaxNameLength)
        {
            throw new ArgumentException($"{paramName} must be 1 to {CoordLimits.MaxNameLength} characters long (got {value.Length}).", paramName);
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsControl(c))
            {
                throw new ArgumentException($"{paramName} must not contain control characters (found U+{(int)c:X4} at index {i}); the limit is 1 to {CoordLimits.MaxNameLength} printable characters.", paramName);
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c) || c == ReplacementCharacter)
            {
                throw new ArgumentException(
                    $"{paramName} must be valid Unicode that survives UTF-8 unchanged (found {(c == ReplacementCharacter ? "the replacement character" : "a lone surrogate")} U+{(int)c:X4} at index {i}): " +
                    $"names travel as UTF-8, where such a character would make distinct names one. The limit is 1 to {CoordLimits.MaxNameLength} printable characters.",
                    paramName);
            }
        }

        return value;
    }

    /// <summary>Checks a capabilities or value payload: at most <see cref="CoordLimits.MaxPayloadBytes"/> bytes.</summary>
    /// <exception cref="ArgumentException">The payload is larger than the limit.</exception>
    public static void Payload(int length, string paramName)
    {
        if (length > CoordLimits.MaxPayloadBytes)
        {
            throw new ArgumentException($"{paramName} must be at most {CoordLimits.MaxPayloadBytes} bytes (64 KiB); got {length} bytes.", paramName);
        }
    }

    /// <summary>Checks that a payload is not null and at most <see cref="CoordLimits.MaxPayloadBytes"/>; returns it.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException">It is larger than the limit.</exception>
    public static byte[] Payload(byte[]? value, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        Payload(value.Length, paramName);
        return value;
    }

    /// <summary>Checks a session TTL: between <see cref="CoordLimits.MinSessionTtl"/> and <see cref="CoordLimits.MaxSessionTtl"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The TTL is outside the allowed range.</exception>
    public static TimeSpan SessionTtl(TimeSpan ttl, string paramName)
    {
        if (ttl < CoordLimits.MinSessionTtl || ttl > CoordLimits.MaxSessionTtl)
        {
            throw new ArgumentOutOfRangeException(paramName, ttl, $"{paramName} must be between {CoordLimits.MinSessionTtl.TotalSeconds:0} s and {CoordLimits.MaxSessionTtl.TotalMinutes:0} min.");
        }

        return ttl;
    }

    /// <summary>Checks a positive duration that must be strictly below <paramref name="upperExclusive"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The duration is not positive or not below the bound.</exception>
    public static TimeSpan PositiveBelow(TimeSpan value, TimeSpan upperExclusive, string paramName, string boundName)
    {
        if (value <= TimeSpan.Zero || value >= upperExclusive)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be greater than zero and less than {boundName} ({upperExclusive.TotalMilliseconds:0} ms).");
        }

        return value;
    }

    /// <summary>
    /// Checks a wait timeout: zero (do not wait), positive up to <see cref="CoordLimits.MaxWait"/>,
    /// or <see cref="Timeout.InfiniteTimeSpan"/> (wait until cancelled).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The timeout is negative (other than infinite) or too long.</exception>
    public static TimeSpan Timeout(TimeSpan value, string paramName)
    {
        if (value == System.Threading.Timeout.InfiniteTimeSpan)
        {
            return value;
        }

        if (value < TimeSpan.Zero || value > CoordLimits.MaxWait)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be zero, positive up to {CoordLimits.MaxWait.TotalHours:0} h, or Timeout.InfiniteTimeSpan.");
        }

        return value;
    }

    /// <summary>Checks a semaphore's max count: 1 to <see cref="CoordLimits.MaxSemaphoreCount"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is outside the allowed range.</exception>
    public static int SemaphoreCount(int value, string paramName)
    {
        if (value < 1 || value > CoordLimits.MaxSemaphoreCount)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be 1 to {CoordLimits.MaxSemaphoreCount}.");
        }

        return value;
    }

    /// <summary>
    /// The message of an argument error as one line, without the " (Parameter 'x')" and "Actual value was" parts that
    /// .NET appends: what a program prints or a configuration check reports.
    /// </summary>
    public static string Describe(ArgumentException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var message = error.Message;
        var parameter = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return (parameter >= 0 ? message[..parameter] : message).ReplaceLineEndings(" ").Trim();
    }
}
