using Orleans.Coord.Grains;
using Orleans.Coord.Inspection;
using Orleans.Runtime;

namespace Orleans.Coord.Server.Sessions;

/// <summary>What an attached grain is, in an operator's words: its kind (a <see cref="NameDirectory"/> kind) and its name.</summary>
internal static class ResourceNames
{
    private static readonly Dictionary<GrainType, string> Kinds = new()
    {
        [GrainType.Create("group")] = NameDirectory.Groups,
        [GrainType.Create("lock")] = NameDirectory.Locks,
        [GrainType.Create("semaphore")] = NameDirectory.Semaphores,
        [GrainType.Create("readerwriterlock")] = NameDirectory.ReaderWriterLocks,
        [GrainType.Create("election")] = NameDirectory.Elections,
    };

    /// <summary>The resource, or null for a grain that is none of the named kinds.</summary>
    public static SessionResource? Of(GrainId grain) =>
        Kinds.TryGetValue(grain.Type, out var kind) ? new SessionResource(kind, grain.Key.ToString()!) : null;
}
