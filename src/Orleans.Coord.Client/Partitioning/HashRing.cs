using System.Collections.ObjectModel;
using System.Text;

namespace Orleans.Coord.Client.Partitioning;

/// <summary>
/// A consistent hash ring (Tooz's <c>HashRing</c>): each node owns <see cref="Partitions"/> × weight points on a
/// 64-bit circle, and a key belongs to the owners of the first points clockwise from the key's hash. Adding or
/// removing a node only moves the keys that it gains or loses; keys never move between two nodes that stayed.
/// </summary>
/// <remarks>
/// The hash is XxHash64 over UTF-8 (strings) or the key's own bytes, so the same nodes, weights and partitions give
/// the same placement in every process. Thread-safe: changes are serialised and publish a new immutable ring, and
/// lookups read the latest published ring without locking.
/// </remarks>
public sealed class HashRing
{
    /// <summary>The largest number of points the whole ring may hold (sum of weights × partitions).</summary>
    public const int MaxTotalPoints = 1 << 22;

    private readonly object _gate = new();
    private volatile RingState _state = RingState.Empty;

    /// <summary>Creates an empty ring.</summary>
    /// <param name="partitions">Points per unit of weight: 1 to <see cref="PartitionLimits.MaxPartitions"/>; more points spread keys more evenly.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="partitions"/> is out of range.</exception>
    public HashRing(int partitions = PartitionLimits.DefaultPartitions)
    {
        Partitions = PartitionLimits.Partitions(partitions, nameof(partitions));
    }

    /// <summary>Creates a ring holding <paramref name="nodes"/>, each with weight 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="partitions"/> is out of range.</exception>
    /// <exception cref="ArgumentException">A node is null or empty.</exception>
    public HashRing(IEnumerable<string> nodes, int partitions = PartitionLimits.DefaultPartitions)
        : this(partitions)
    {
        AddNodes(nodes);
    }

    /// <summary>Points per unit of weight.</summary>
    public int Partitions { get; }

    /// <summary>The number of nodes on the ring.</summary>
    public int Count => _state.Nodes.Count;

    /// <summary>The nodes on the ring, ordered ordinally.</summary>
    public IReadOnlyList<string> Nodes => _state.Nodes;

    /// <summary>Each node's weight.</summary>
    public IReadOnlyDictionary<string, int> Weights => _state.Weights;

    /// <summary>Whether <paramref name="node"/> is on the ring.</summary>
    public bool Contains(string node) => _state.Weights.ContainsKey(node);

    /// <summary>The weight of <paramref name="node"/>.</summary>
    /// <exception cref="UnknownNodeException">The node is not on the ring.</exception>
    public int GetWeight(string node) =>
        _state.Weights.TryGetValue(node, out var weight) ? weight : throw new UnknownNodeException(node);

    /// <summary>
    /// Adds <paramref name="node"/> with <paramref name="weight"/>, or changes its weight when it is already on the
    /// ring. Returns true when the ring changed.
    /// </summary>
    /// <exception cref="ArgumentException">The node is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// The weight is not 1 to <see cref="PartitionLimits.MaxWeight"/>, or the ring would exceed <see cref="MaxTotalPoints"/>.
    /// </exception>
    public bool AddNode(string node, int weight = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(node);
        PartitionLimits.Weight(weight, nameof(weight));
        lock (_gate)
        {
            var weights = new Dictionary<string, int>(_state.Weights, StringComparer.Ordinal);
            if (weights.TryGetValue(node, out var current) && current == weight)
            {
                return false;
            }

            weights[node] = weight;
            Publish(weights, nameof(weight));
            return true;
        }
    }

    /// <summary>Adds every node of <paramref name="nodes"/> with <paramref name="weight"/> (see <see cref="AddNode"/>), as one change.</summary>
    /// <exception cref="ArgumentException">A node is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// The weight is not 1 to <see cref="PartitionLimits.MaxWeight"/>, or the ring would exceed <see cref="MaxTotalPoints"/>.
    /// </exception>
    public void AddNodes(IEnumerable<string> nodes, int weight = 1)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        PartitionLimits.Weight(weight, nameof(weight));
        var added = nodes.ToArray();
        foreach (var node in added)
        {
            ArgumentException.ThrowIfNullOrEmpty(node, nameof(nodes));
        }

        lock (_gate)
        {
            var weights = new Dictionary<string, int>(_state.Weights, StringComparer.Ordinal);
            foreach (var node in added)
            {
                weights[node] = weight;
            }

            Publish(weights, nameof(weight));
        }
    }

    /// <summary>Removes <paramref name="node"/>; its keys move to the next nodes clockwise.</summary>
    /// <exception cref="UnknownNodeException">The node is not on the ring (nothing changes).</exception>
    public void RemoveNode(string node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (!TryRemoveNode(node))
        {
            throw new UnknownNodeException(node);
        }
    }

    /// <summary>Removes <paramref name="node"/> when it is on the ring; returns whether it was.</summary>
    public bool TryRemoveNode(string node)
    {
        ArgumentNullException.ThrowIfNull(node);
        lock (_gate)
        {
            if (!_state.Weights.ContainsKey(node))
            {
                return false;
            }

            var weights = new Dictionary<string, int>(_state.Weights, StringComparer.Ordinal);
            weights.Remove(node);
            Publish(weights, nameof(node));
            return true;
        }
    }

    /// <summary>
    /// The first <paramref name="replicas"/> distinct nodes clockwise from <paramref name="key"/>'s hash (UTF-8),
    /// skipping <paramref name="ignore"/>; the first is the key's primary owner. Fewer when the ring has fewer
    /// usable nodes; empty when it has none.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="replicas"/> is less than 1.</exception>
    public IReadOnlyList<string> GetNodes(string key, int replicas = 1, IEnumerable<string>? ignore = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        PartitionLimits.Replicas(replicas, nameof(replicas));
        return _state.Walk(RingHash.Key(key), replicas, ignore);
    }

    /// <summary>As <see cref="GetNodes(string, int, IEnumerable{string})"/>, for a key given as bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="replicas"/> is less than 1.</exception>
    public IReadOnlyList<string> GetNodes(ReadOnlySpan<byte> key, int replicas = 1, IEnumerable<string>? ignore = null)
    {
        PartitionLimits.Replicas(replicas, nameof(replicas));
        return _state.Walk(RingHash.Key(key), replicas, ignore);
    }

    /// <summary>As <see cref="GetNodes(string, int, IEnumerable{string})"/>, for a key that gives its own bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="replicas"/> is less than 1.</exception>
    public IReadOnlyList<string> GetNodes(IPartitionKey key, int replicas = 1, IEnumerable<string>? ignore = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        return GetNodes(key.GetPartitionBytes(), replicas, ignore);
    }

    /// <summary>The node that owns <paramref name="key"/> (UTF-8).</summary>
    /// <exception cref="InvalidOperationException">The ring is empty.</exception>
    public string this[string key] => Single(GetNodes(key));

    /// <summary>The node that owns <paramref name="key"/>.</summary>
    /// <exception cref="InvalidOperationException">The ring is empty.</exception>
    public string this[ReadOnlySpan<byte> key] => Single(GetNodes(key));

    /// <summary>The node that owns <paramref name="key"/>.</summary>
    /// <exception cref="InvalidOperationException">The ring is empty.</exception>
    public string this[IPartitionKey key] => Single(GetNodes(key));

    private static string Single(IReadOnlyList<string> nodes) =>
        nodes.Count > 0 ? nodes[0] : throw new InvalidOperationException("The hash ring has no nodes.");

    private void Publish(Dictionary<string, int> weights, string paramName) =>
        _state = RingState.Build(weights, Partitions, paramName);

    /// <summary>One immutable version of the ring: sorted points and their owners.</summary>
    private sealed class RingState
    {
        public static readonly RingState Empty = new([], [], new Dictionary<string, int>(StringComparer.Ordinal));

        private readonly ulong[] _points;
        private readonly string[] _owners;

        private RingState(ulong[] points, string[] owners, Dictionary<string, int> weights)
        {
            _points = points;
            _owners = owners;
            Weights = new ReadOnlyDictionary<string, int>(weights);
            Nodes = Array.AsReadOnly(weights.Keys.Order(StringComparer.Ordinal).ToArray());
        }

        public ReadOnlyCollection<string> Nodes { get; }

        public IReadOnlyDictionary<string, int> Weights { get; }

        public static RingState Build(Dictionary<string, int> weights, int partitions, string paramName)
        {
            var total = weights.Values.Sum(w => (long)w * partitions);
            if (total > MaxTotalPoints)
            {
                throw new ArgumentOutOfRangeException(paramName, $"The ring would hold {total} points (weights × partitions); at most {MaxTotalPoints} are allowed.");
            }

            var entries = new (ulong Hash, string Owner)[total];
            var next = 0;
            foreach (var (node, weight) in weights)
            {
                var bytes = Encoding.UTF8.GetBytes(node);
                for (var i = 0; i < weight * partitions; i++)
                {
                    entries[next++] = (RingHash.Point(bytes, i), node);
                }
            }

            Array.Sort(entries, static (a, b) =>
            {
                var byHash = a.Hash.CompareTo(b.Hash);
                return byHash != 0 ? byHash : string.CompareOrdinal(a.Owner, b.Owner);
            });
            return new RingState(entries.Select(e => e.Hash).ToArray(), entries.Select(e => e.Owner).ToArray(), weights);
        }

        public IReadOnlyList<string> Walk(ulong hash, int replicas, IEnumerable<string>? ignore)
        {
            if (_points.Length == 0)
            {
                return [];
            }

            var skip = ignore is null ? null : new HashSet<string>(ignore, StringComparer.Ordinal);
            var wanted = Math.Min(replicas, Nodes.Count);
            var found = new List<string>(wanted);
            var start = FirstAtOrAfter(hash);
            for (var step = 0; step < _points.Length && found.Count < wanted; step++)
            {
                var owner = _owners[(start + step) % _points.Length];
                if (skip?.Contains(owner) == true || found.Contains(owner, StringComparer.Ordinal))
                {
                    continue;
                }

                found.Add(owner);
            }

            return found;
        }

        /// <summary>The index of the first point whose hash is at least <paramref name="hash"/>, wrapping to 0 past the end.</summary>
        private int FirstAtOrAfter(ulong hash)
        {
            int low = 0, high = _points.Length;
            while (low < high)
            {
                var mid = low + ((high - low) / 2);
                if (_points[mid] < hash)
                {
                    low = mid + 1;
                }
                else
                {
                    high = mid;
                }
            }

            return low == _points.Length ? 0 : low;
        }
    }
}
