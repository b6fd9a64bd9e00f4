using Orleans.Runtime;

namespace Orleans.Coord.Client.Watching;

/// <summary>What one <see cref="SharedWatchFeed{TEvent, TSnapshot}"/> of a client serves: a watched grain (its type and name) and its stream's namespace.</summary>
internal readonly record struct WatchFeedKey(GrainId Grain, string StreamNamespace);
