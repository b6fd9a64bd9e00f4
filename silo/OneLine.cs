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

        // A usage error keeps its usage text below the first line.
        return ex.Message.Contains("\nusage:", StringComparison.Ordinal) ? ex.Message
            : ex is ArgumentException argument ? Orleans.Coord.Validation.Guard.Describe(argument)
            : ex.Message.ReplaceLineEndings(" ").Trim();
    }
}
