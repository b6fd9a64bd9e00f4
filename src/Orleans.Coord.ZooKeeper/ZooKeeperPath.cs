namespace Orleans.Coord.ZooKeeper;

/// <summary>Validation and composition of ZooKeeper node paths.</summary>
public static class ZooKeeperPath
{
    /// <summary>The root path.</summary>
    public const string Root = "/";

    /// <summary>
    /// Throws <see cref="ArgumentException"/> (naming <paramref name="paramName"/>) unless <paramref name="path"/> is a valid
    /// absolute node path: starts with '/', has no empty segments, no trailing '/' (except the root "/"),
    /// no "." or ".." segments, and no control characters.
    /// </summary>
    /// <param name="path">The path to check.</param>
    /// <param name="paramName">The argument name reported in the exception.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is not a valid node path.</exception>
    public static void Validate(string path, string paramName)
    {
        var error = GetError(path, paramName);
        if (error is not null)
        {
            throw error;
        }
    }

    /// <summary>Returns true when <paramref name="path"/> is a valid absolute node path (see <see cref="Validate"/>).</summary>
    /// <param name="path">The path to check.</param>
    public static bool IsValid(string? path) => path is not null && GetError(path, nameof(path)) is null;

    /// <summary>Joins a parent path and a child name: ("/a", "b") is "/a/b" and ("/", "b") is "/b".</summary>
    /// <param name="parent">A valid absolute path.</param>
    /// <param name="child">A single node name (no '/').</param>
    /// <exception cref="ArgumentException">The parent is not a valid path or the child is empty or contains '/'.</exception>
    public static string Combine(string parent, string child)
    {
        Validate(parent, nameof(parent));
        ArgumentException.ThrowIfNullOrEmpty(child);
        if (child.Contains('/'))
        {
            throw new ArgumentException($"Child name '{child}' must be a single node name without '/'.", nameof(child));
        }

        return parent == Root ? Root + child : parent + "/" + child;
    }

    /// <summary>Returns the last segment of a path ("/a/b" gives "b"; "/" gives "").</summary>
    /// <param name="path">A valid absolute path.</param>
    public static string GetName(string path)
    {
        Validate(path, nameof(path));
        return path[(path.LastIndexOf('/') + 1)..];
    }

    private static ArgumentException? GetError(string? path, string paramName)
    {
        if (path is null)
        {
            return new ArgumentNullException(paramName, "A ZooKeeper path is required.");
        }

        if (path.Length == 0 || path[0] != '/')
        {
            return new ArgumentException($"ZooKeeper path '{path}' must start with '/'.", paramName);
        }

        if (path.Length == 1)
        {
            return null;
        }

        if (path[^1] == '/')
        {
            return new ArgumentException($"ZooKeeper path '{path}' must not end with '/'.", paramName);
        }

        var segments = path.Split('/');
        for (var i = 1; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment.Length == 0)
            {
                return new ArgumentException($"ZooKeeper path '{path}' must not contain an empty segment ('//').", paramName);
            }

            if (segment is "." or "..")
            {
                return new ArgumentException($"ZooKeeper path '{path}' must not contain relative segments ('.' or '..').", paramName);
            }
        }

        foreach (var c in path)
        {
            if (char.IsControl(c) || c is '\ufffe' or '\uffff')
            {
                return new ArgumentException($"ZooKeeper path '{path}' contains an invalid character (U+{(int)c:X4}).", paramName);
            }
        }

        return null;
    }
}
