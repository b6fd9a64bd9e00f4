namespace Orleans.Coord.Cli.Output;

/// <summary>A live view's human line: timestamp, version, what happened (coloured on a terminal), and the rest.</summary>
internal static class LiveLine
{
    private const string Reset = "\u001b[0m";

    /// <summary>
    /// Prints each event of a live view as it comes until the events end (true) or Ctrl+C cancels
    /// <paramref name="cancellationToken"/> (false), the normal end of a live view.
    /// </summary>
    public static async Task<bool> PrintUntilCancelledAsync<T>(IAsyncEnumerable<T> events, Action<T> print, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var e in events.WithCancellation(cancellationToken))
            {
                print(e);
            }

            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Writes one line and flushes it, so that a pipe reader sees each event as it happens.</summary>
    /// <param name="printer">The output.</param>
    /// <param name="at">When the change was made.</param>
    /// <param name="version">The version after the change.</param>
    /// <param name="what">What happened, as a word.</param>
    /// <param name="good">Whether the change adds (green) or removes (red) on a terminal; null for neither (yellow).</param>
    /// <param name="rest">The member and details.</param>
    /// <param name="resync">Marks an event synthesised after lost events.</param>
    public static void Write(Printer printer, DateTimeOffset at, long version, string what, bool? good, string rest, bool resync)
    {
        var word = what.PadRight(10);
        if (printer.Colour)
        {
            var colour = good switch { true => "\u001b[32m", false => "\u001b[31m", null => "\u001b[33m" };
            word = colour + word + Reset;
        }

        printer.Out.WriteLine($"{Age.Timestamp(at)}  v{version,-5} {word} {rest}{(resync ? "  [resync]" : "")}");
        printer.Out.Flush();
    }
}
