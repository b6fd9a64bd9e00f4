using System.Text;
using Google.Protobuf;

namespace Orleans.Coord.Etcd.Internal;

/// <summary>
/// The key layout of the etcd backend. Every key lives under <c>&lt;prefix&gt;/&lt;ServiceId&gt;/</c>; each name part is
/// percent-encoded (<see cref="Uri.EscapeDataString(string)"/>: everything but ASCII letters, digits and <c>-._~</c>, '/'
/// included), so parts never collide and a part's keys are exactly those under its prefix.
/// <list type="bullet">
/// <item><c>membership/&lt;ClusterId&gt;/version</c>, <c>.../row/&lt;silo&gt;</c>, <c>.../alive/&lt;silo&gt;</c>: the
/// membership table (<see cref="Clustering.EtcdMembershipTable"/>).</item>
/// <item><c>state/&lt;state name&gt;/&lt;grain id&gt;</c>: grain states (<see cref="Storage.EtcdGrainStorage"/>).</item>
/// <item><c>reminders/&lt;grain id&gt;/&lt;reminder name&gt;</c>: reminders (<see cref="Reminders.EtcdReminderTable"/>).</item>
/// </list>
/// </summary>
internal static class EtcdKeys
{
    /// <summary><c>&lt;prefix&gt;/&lt;escaped serviceId&gt;</c>.</summary>
    public static string Service(string prefix, string serviceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceId);
        return prefix + "/" + Escape(serviceId);
    }

    /// <summary>Percent-encodes one name part so that it holds no '/'.</summary>
    public static string Escape(string part) => Uri.EscapeDataString(part);

    /// <summary>Reverses <see cref="Escape"/>.</summary>
    public static string Unescape(string part) => Uri.UnescapeDataString(part);

    /// <summary>The key as etcd bytes (UTF-8).</summary>
    public static ByteString Bytes(string key) => ByteString.CopyFromUtf8(key);

    /// <summary>
    /// The end of the range holding every key that starts with <paramref name="prefix"/>: the prefix with its last byte
    /// incremented (etcd's <c>clientv3.GetPrefixRangeEnd</c>). Prefixes here always end in '/', which has a successor.
    /// </summary>
    public static ByteString PrefixEnd(string prefix)
    {
        var bytes = Encoding.UTF8.GetBytes(prefix);
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            if (bytes[i] < 0xff)
            {
                bytes[i]++;
                return ByteString.CopyFrom(bytes, 0, i + 1);
            }
        }

        // All 0xff: to the end of the keyspace.
        return ByteString.CopyFrom(0);
    }
}
