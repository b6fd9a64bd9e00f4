namespace Orleans.Coord.Client.Partitioning;

/// <summary>A node was asked for (removed, or its weight read) that is not on the <see cref="HashRing"/> (Tooz's <c>UnknownNode</c>).</summary>
public sealed class UnknownNodeException : KeyNotFoundException
{
    /// <summary>Creates the exception for <paramref name="node"/>.</summary>
    public UnknownNodeException(string node)
        : base($"The node '{node}' is not on the hash ring.")
    {
        Node = node;
    }

    /// <summary>The node that is not on the ring.</summary>
    public string Node { get; }
}
