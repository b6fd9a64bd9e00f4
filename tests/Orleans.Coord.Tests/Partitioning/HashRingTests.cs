using System.Text;
using Orleans.Coord.Client.Partitioning;

namespace Orleans.Coord.Tests.Partitioning;

/// <summary>Properties of the consistent hash ring over many keys: minimal movement, weights, replicas, stability.</summary>
public sealed class HashRingTests
{
    private const int KeyCount = 20_000;
    private static readonly string[] Keys = Enumerable.Range(0, KeyCount).Select(i => $"object-{i}").ToArray();

    private static string[] NodeNames(int count) => Enumerable.Range(0, count).Select(i => $"node-{i}").ToArray();

    private static string[] Owners(HashRing ring) => Keys.Select(k => ring[k]).ToArray();

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(10)]
    public void Adding_a_member_moves_about_its_share_and_removing_it_restores_every_key(int existing)
    {
        var ring = new HashRing(NodeNames(existing));
        var before = Owners(ring);

        ring.AddNode("newcomer");
        var after = Owners(ring);

        var moved = Enumerable.Range(0, KeyCount).Where(i => before[i] != after[i]).ToArray();
        Assert.All(moved, i => Assert.Equal("newcomer", after[i]));
        var expected = (double)KeyCount / (existing + 1);
        Assert.InRange(moved.Length, expected * 0.65, expected * 1.35);

        ring.RemoveNode("newcomer");
        Assert.Equal(before, Owners(ring));
    }

    [Fact]
    public void Removing_a_member_moves_only_its_keys()
    {
        var ring = new HashRing(NodeNames(6));
        var before = Owners(ring);

        ring.RemoveNode("node-2");
        var after = Owners(ring);

        for (var i = 0; i < KeyCount; i++)
        {
            if (before[i] == "node-2")
            {
                Assert.NotEqual("node-2", after[i]);
            }
            else
            {
                Assert.Equal(before[i], after[i]);
            }
        }
    }

    [Fact]
    public void Keys_spread_by_weight()
    {
        var ring = new HashRing();
        ring.AddNode("w1");
        ring.AddNode("w2", weight: 2);
        ring.AddNode("w3", weight: 3);

        var counts = Owners(ring).GroupBy(o => o).ToDictionary(g => g.Key, g => g.Count());

        // Tooz: weights 1:2:3 get 1/6, 1/3 and 1/2 of the keys.
        Assert.InRange(counts["w1"], KeyCount / 6.0 * 0.65, KeyCount / 6.0 * 1.35);
        Assert.InRange(counts["w2"], KeyCount / 3.0 * 0.65, KeyCount / 3.0 * 1.35);
        Assert.InRange(counts["w3"], KeyCount / 2.0 * 0.65, KeyCount / 2.0 * 1.35);
    }

    [Fact]
    public void A_weight_2_member_gets_about_twice_the_keys_of_a_weight_1_member()
    {
        // The ratio of two shares compounds their spread, so this uses more points per unit of weight.
        var ring = new HashRing(partitions: 256);
        ring.AddNodes(["light-1", "light-2"]);
        ring.AddNode("double", weight: 2);

        var counts = Owners(ring).GroupBy(o => o).ToDictionary(g => g.Key, g => (double)g.Count());

        Assert.InRange(counts["double"] / counts["light-1"], 2 * 0.65, 2 * 1.35);
        Assert.InRange(counts["double"] / counts["light-2"], 2 * 0.65, 2 * 1.35);
        Assert.InRange(counts["double"] / KeyCount, 0.5 * 0.65, 0.5 * 1.35);
    }

    [Fact]
    public void Changing_a_weight_moves_keys_only_to_or_from_that_node()
    {
        var ring = new HashRing(NodeNames(4));
        var before = Owners(ring);

        Assert.True(ring.AddNode("node-1", weight: 2));
        Assert.False(ring.AddNode("node-1", weight: 2));
        var after = Owners(ring);

        Assert.Equal(2, ring.GetWeight("node-1"));
        Assert.All(Enumerable.Range(0, KeyCount).Where(i => before[i] != after[i]), i => Assert.Equal("node-1", after[i]));
        Assert.True(after.Count(o => o == "node-1") > before.Count(o => o == "node-1"));
    }

    [Fact]
    public void Replicas_are_distinct_start_with_the_owner_and_skip_ignored_nodes()
    {
        var ring = new HashRing(NodeNames(5));
        foreach (var key in Keys.Take(2_000))
        {
            var three = ring.GetNodes(key, replicas: 3);
            Assert.Equal(3, three.Distinct().Count());
            Assert.Equal(ring[key], three[0]);

            var all = ring.GetNodes(key, replicas: 10);
            Assert.Equal(NodeNames(5), all.Order(StringComparer.Ordinal));
            Assert.Equal(three, all.Take(3));

            // Ignoring the owner hands the key to the next node clockwise, which is the second replica.
            var withoutOwner = ring.GetNodes(key, replicas: 2, ignore: [three[0]]);
            Assert.Equal(three.Skip(1).Take(2), withoutOwner);
        }

        Assert.Empty(ring.GetNodes("k", ignore: NodeNames(5)));
    }

    [Fact]
    public void Placement_is_the_same_in_every_ring_instance_whatever_the_order_of_additions()
    {
        var forward = new HashRing(NodeNames(7));
        var backward = new HashRing(NodeNames(7).Reverse());
        var oneByOne = new HashRing();
        foreach (var node in NodeNames(7).OrderBy(n => n.GetHashCode()))
        {
            oneByOne.AddNode(node);
        }

        var expected = Owners(forward);
        Assert.Equal(expected, Owners(backward));
        Assert.Equal(expected, Owners(oneByOne));
        Assert.All(Keys.Take(1_000), k => Assert.Equal(forward.GetNodes(k, 3), backward.GetNodes(k, 3)));
    }

    [Fact]
    public void Placement_is_pinned_so_processes_of_any_version_agree()
    {
        // Part of the format, cross-checked with an independent XXH64 implementation: keys hash as XxHash64 (seed 0)
        // of their UTF-8 bytes, and a node's points as XxHash64 of its UTF-8 name with seeds 1 to partitions × weight.
        Assert.Equal(0x080dbfcd462146e4UL, RingHash.Key("object-0"));
        Assert.Equal(0xe94b31f087394fe8UL, RingHash.Point("alpha"u8, 0));
        Assert.Equal(0xe0757279aae743d7UL, RingHash.Point("alpha"u8, 31));

        var ring = new HashRing(["alpha", "beta", "gamma"]);
        string[] pinned =
        [
            "beta", "gamma", "alpha", "beta", "beta", "beta", "alpha", "gamma",
            "alpha", "beta", "alpha", "alpha", "alpha", "gamma", "alpha", "alpha",
        ];
        Assert.Equal(pinned, Keys.Take(pinned.Length).Select(k => ring[k]));
    }

    [Fact]
    public void String_byte_and_object_keys_with_the_same_bytes_land_on_the_same_node()
    {
        var ring = new HashRing(NodeNames(5));
        foreach (var key in Keys.Take(1_000).Append("ünïcödé ✓"))
        {
            var bytes = Encoding.UTF8.GetBytes(key);
            Assert.Equal(ring[key], ring[bytes]);
            Assert.Equal(ring[key], ring[new BytesKey(bytes)]);
            Assert.Equal(ring.GetNodes(key, 2), ring.GetNodes(new BytesKey(bytes), 2));
        }
    }

    [Fact]
    public void Removing_an_unknown_node_is_a_typed_error_that_changes_nothing()
    {
        var ring = new HashRing(NodeNames(3));
        var before = Owners(ring);

        var error = Assert.Throws<UnknownNodeException>(() => ring.RemoveNode("ghost"));
        Assert.Equal("ghost", error.Node);
        Assert.Contains("ghost", error.Message);
        Assert.Throws<UnknownNodeException>(() => ring.GetWeight("ghost"));
        Assert.False(ring.TryRemoveNode("ghost"));
        Assert.Equal(3, ring.Count);
        Assert.Equal(before, Owners(ring));
    }

    [Fact]
    public void An_empty_ring_has_no_owner()
    {
        var ring = new HashRing();
        Assert.Equal(0, ring.Count);
        Assert.Empty(ring.GetNodes("k", 3));
        Assert.Throws<InvalidOperationException>(() => ring["k"]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(PartitionLimits.MaxPartitions + 1)]
    public void Bad_partition_counts_are_refused(int partitions)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new HashRing(partitions));
        Assert.Equal("partitions", error.ParamName);
        Assert.Contains(PartitionLimits.MaxPartitions.ToString(), error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(PartitionLimits.MaxWeight + 1)]
    public void Bad_weights_are_refused_and_change_nothing(int weight)
    {
        var ring = new HashRing(NodeNames(2));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ring.AddNode("x", weight));
        Assert.Equal("weight", error.ParamName);
        Assert.Contains(PartitionLimits.MaxWeight.ToString(), error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ring.AddNodes(["y"], weight));
        Assert.Equal(NodeNames(2), ring.Nodes);
    }

    [Fact]
    public void Bad_nodes_keys_and_replica_counts_are_refused()
    {
        var ring = new HashRing(NodeNames(2));
        Assert.Equal("node", Assert.ThrowsAny<ArgumentException>(() => ring.AddNode(null!)).ParamName);
        Assert.Equal("node", Assert.ThrowsAny<ArgumentException>(() => ring.AddNode("")).ParamName);
        Assert.Equal("nodes", Assert.ThrowsAny<ArgumentException>(() => ring.AddNodes(["ok", ""])).ParamName);
        Assert.Equal("key", Assert.Throws<ArgumentNullException>(() => ring.GetNodes((string)null!)).ParamName);
        Assert.Equal("replicas", Assert.Throws<ArgumentOutOfRangeException>(() => ring.GetNodes("k", 0)).ParamName);
        Assert.Equal(NodeNames(2), ring.Nodes);
    }

    [Fact]
    public void A_ring_too_large_is_refused_and_changes_nothing()
    {
        var ring = new HashRing(PartitionLimits.MaxPartitions);
        ring.AddNode("small");
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ring.AddNode("big", PartitionLimits.MaxWeight));
        Assert.Equal("weight", error.ParamName);
        Assert.Contains(HashRing.MaxTotalPoints.ToString(), error.Message);
        Assert.Equal(["small"], ring.Nodes);
    }

    private sealed class BytesKey(byte[] bytes) : IPartitionKey
    {
        public ReadOnlySpan<byte> GetPartitionBytes() => bytes;
    }
}
