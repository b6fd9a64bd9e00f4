using Orleans.Runtime;
using Orleans.Serialization;

namespace Orleans.Coord.Server.Internal;

/// <summary>
/// A storage provider's error as it can travel to the caller inside <see cref="CoordinationUnavailableException"/>.
/// Orleans sends an exception with its inner exceptions, and fails the whole answer (a
/// <c>CodecNotFoundException</c> at the caller instead of the typed error) when one of them is of a type it has no
/// codec for, as the ZooKeeper client's own exceptions are. Such an error is replaced by an
/// <see cref="OrleansException"/> that names its type and message; one Orleans can send is kept as it is.
/// </summary>
internal static class TransportableError
{
    public static Exception Of(Exception error, Serializer serializer)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(serializer);
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (!serializer.CanSerialize(e.GetType()))
            {
                return new OrleansException(Describe(error));
            }
        }

        return error;
    }

    private static string Describe(Exception error)
    {
        var parts = new List<string>();
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            parts.Add($"{e.GetType().FullName}: {e.Message}");
        }

        return string.Join(" ---> ", parts);
    }
}
