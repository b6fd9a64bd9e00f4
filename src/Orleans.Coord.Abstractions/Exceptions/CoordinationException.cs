namespace Orleans.Coord;

/// <summary>
/// The base of every error Orleans.Coord reports about coordination state (Tooz's <c>ToozError</c>).
/// Argument problems are reported with <see cref="ArgumentException"/> and its subclasses instead.
/// </summary>
[GenerateSerializer]
public class CoordinationException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public CoordinationException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public CoordinationException(string message, Exception? innerException) : base(message, innerException)
    {
    }
}
