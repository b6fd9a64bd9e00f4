namespace Orleans.Coord;

/// <summary>
/// Thrown by a backend's grain storage when a serialized grain state is larger than one stored value may be (a
/// ZooKeeper node's <c>jute.maxbuffer</c>, an etcd request's <c>--max-request-bytes</c>). Nothing is written.
/// </summary>
public sealed class GrainStateTooLargeException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="size">The serialized size, in bytes.</param>
    /// <param name="limit">The largest accepted size, in bytes.</param>
    /// <param name="grainDescription">Names the state and grain.</param>
    /// <param name="limitDescription">Names what holds at most <paramref name="limit"/> bytes ("a ZooKeeper node").</param>
    /// <param name="paramName">The argument that was too large.</param>
    public GrainStateTooLargeException(int size, int limit, string grainDescription, string limitDescription, string paramName)
        : base($"The serialized state of {grainDescription} is {size} bytes; {limitDescription} holds at most {limit} bytes.", paramName)
    {
        Size = size;
        Limit = limit;
    }

    /// <summary>The serialized size, in bytes.</summary>
    public int Size { get; }

    /// <summary>The largest accepted size, in bytes.</summary>
    public int Limit { get; }
}
