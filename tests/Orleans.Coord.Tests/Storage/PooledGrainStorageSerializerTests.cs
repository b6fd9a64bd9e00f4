using Microsoft.Extensions.DependencyInjection;
using Orleans.Coord.Grains;
using Orleans.Coord.Server.Internal;
using Orleans.Coord.Server.Leases;
using Orleans.Coord.Storage;
using Orleans.Serialization;
using Orleans.Storage;

namespace Orleans.Coord.Tests.Storage;

/// <summary>
/// The serializer of the Redis and memory grain storages writes the same bytes as Orleans' own
/// <see cref="OrleansGrainStorageSerializer"/>, so that state stored by either is read by the other.
/// </summary>
public sealed class PooledGrainStorageSerializerTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();

    private Serializer Serializer => _services.GetRequiredService<Serializer>();

    public void Dispose() => _services.Dispose();

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(200)]
    public void Writes_the_bytes_of_Orleans_serializer_and_reads_them_back(int waiters)
    {
        var state = LockState(waiters);
        var ours = new PooledGrainStorageSerializer(Serializer);
        var orleans = new OrleansGrainStorageSerializer(Serializer);

        var written = ours.Serialize(state).ToArray();

        Assert.Equal(orleans.Serialize(state).ToArray(), written);
        var read = ours.Deserialize<LeaseQueueState>(orleans.Serialize(state));
        Assert.NotNull(read);
        Assert.Equal(state.LastToken, read.LastToken);
        Assert.Equal(state.Waiters.Select(w => w.RequestId), read.Waiters.Select(w => w.RequestId));
        Assert.Equal(state.Ledger.BySession.Keys.Order(), read.Ledger.BySession.Keys.Order());
        Assert.Equal(state.Holders.Single().Token, orleans.Deserialize<LeaseQueueState>(new BinaryData(written))!.Holders.Single().Token);
    }

    [Fact]
    public void A_null_state_round_trips()
    {
        var ours = new PooledGrainStorageSerializer(Serializer);

        Assert.Null(ours.Deserialize<LeaseQueueState>(ours.Serialize<LeaseQueueState>(null)));
    }

    private static LeaseQueueState LockState(int waiters)
    {
        var holder = Guid.NewGuid();
        var state = new LeaseQueueState
        {
            LastToken = 41,
            Capacity = 1,
            Version = 90,
            Holders = [new Lease(Guid.NewGuid(), holder, "holder", 1, null, null, null, 41, DateTimeOffset.UnixEpoch, 7)],
        };
        for (var i = 0; i < waiters; i++)
        {
            var session = Guid.NewGuid();
            state.Waiters.Add(new LeaseRequest(Guid.NewGuid(), session, $"member-{i}", 1, null, Order: new RequestOrder(i + 1, i)));
            state.Ledger.Applied(session, Guid.NewGuid(), new RequestOrder(i + 1, i), 1);
        }

        state.Ledger.Applied(holder, Guid.NewGuid(), new RequestOrder(7, 7), 41);
        return state;
    }
}
