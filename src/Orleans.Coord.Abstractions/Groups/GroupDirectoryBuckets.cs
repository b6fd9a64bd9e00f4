using System.IO.Hashing;
using System.Text;

namespace Orleans.Coord.Groups;

/// <summary>
/// Spreads the group directory over a fixed number of directory grains so that no single grain serialises
/// every group creation.
/// </summary>
public static class GroupDirectoryBuckets
{
    /// <summary>The number of directory grains (keys 0 to Count - 1).</summary>
    public const int Count = 128;

    /// <summary>The directory grain key that indexes <paramref name="group"/>.</summary>
    public static int Of(string group) => (int)(XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(group)) % Count);
}
