namespace Orleans.Coord.Cli;

/// <summary>
/// An exception's message as one line, for the one-line errors on stderr: its first line, and for an argument error
/// its text without .NET's parameter suffix (<see cref="Orleans.Coord.Validation.Guard.Describe"/>, as the silo program prints it).
/// </summary>
internal static class OneLine
{
    public static string Of(Exception ex)
    {
        var text = ex is ArgumentException argument ? Orleans.Coord.Validation.Guard.Describe(argument) : ex.Message;
        var message = text.Split('\n', 2)[0].Trim();
        return message.Length == 0 ? ex.GetType().Name : message;
    }
}
