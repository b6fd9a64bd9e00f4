namespace Orleans.Coord.Cli;

/// <summary>An exception's message as one line, for the one-line errors on stderr.</summary>
internal static class OneLine
{
    public static string Of(Exception ex)
    {
        var message = ex.Message.Split('\n', 2)[0].Trim();
        return message.Length == 0 ? ex.GetType().Name : message;
    }
}
