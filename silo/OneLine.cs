namespace Orleans.Coord.Silo;

/// <summary>An error as one line for the console: the innermost useful message, without .NET's parameter suffix.</summary>
internal static class OneLine
{
    public static string Of(Exception ex)
    {
        while (ex is AggregateException { InnerException: { } inner })
        {
            ex = inner;
        }

        var message = ex.Message;
        var parameter = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        if (parameter >= 0)
        {
            message = message[..parameter];
        }

        var usage = message.IndexOf("\nusage:", StringComparison.Ordinal);
        return usage >= 0 ? message : message.ReplaceLineEndings(" ").Trim();
    }
}
