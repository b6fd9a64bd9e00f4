using Microsoft.Extensions.DependencyInjection;
using Orleans.Coord.Server.Internal;
using Orleans.Coord.ZooKeeper;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Serialization.Codecs;
using Orleans.Storage;

namespace Orleans.Coord.Tests.Internal;

/// <summary>
/// The storage error inside <see cref="CoordinationUnavailableException"/> must not keep Orleans from sending the answer:
/// checked with Orleans' real serializer, as the silo configures it.
/// </summary>
public sealed class TransportableErrorTests
{
    private static readonly Serializer Serializer = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(CoordinationUnavailableException).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    [Fact]
    public void An_error_orleans_cannot_send_breaks_the_answer_as_it_is()
    {
        var raw = new CoordinationUnavailableException("lock/a", new ConnectionLossException("/coord/lock/a"));

        Assert.ThrowsAny<CodecNotFoundException>(() => Serializer.SerializeToArray<Exception>(raw));
    }

    [Fact]
    public void An_error_orleans_cannot_send_becomes_one_that_names_its_type_and_message()
    {
        var cause = new ConnectionLossException("/coord/lock/a", "the server went away", new IOException("reset"));

        var sent = TransportableError.Of(cause, Serializer);
        var received = Serializer.Deserialize<Exception>(Serializer.SerializeToArray<Exception>(new CoordinationUnavailableException("lock/a", sent)));

        var unavailable = Assert.IsType<CoordinationUnavailableException>(received);
        Assert.Equal("lock/a", unavailable.Grain);
        var inner = Assert.IsType<OrleansException>(unavailable.InnerException);
        Assert.Equal("Orleans.Coord.ZooKeeper.ConnectionLossException: the server went away ---> System.IO.IOException: reset", inner.Message);
        Assert.Contains("ConnectionLossException: the server went away", unavailable.Message);
    }

    [Fact]
    public void An_error_orleans_can_send_is_kept()
    {
        var cause = new InconsistentStateException("stale", "2", "1");

        Assert.Same(cause, TransportableError.Of(cause, Serializer));
    }
}
