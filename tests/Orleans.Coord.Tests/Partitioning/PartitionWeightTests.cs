using System.Text;
using Orleans.Coord.Client.Partitioning;

namespace Orleans.Coord.Tests.Partitioning;

/// <summary>How a member's weight is read from its capabilities: the integer <c>weight</c> of a JSON object, else 1.</summary>
public sealed class PartitionWeightTests
{
    [Theory]
    [InlineData("", 1)]
    [InlineData("{\"weight\":3}", 3)]
    [InlineData("{\"name\":\"x\",\"nested\":{\"weight\":9},\"list\":[1,2],\"weight\":2}", 2)]
    [InlineData("{\"other\":7}", 1)]
    [InlineData("{\"weight\":\"heavy\"}", 1)]
    [InlineData("{\"weight\":2.5}", 1)]
    [InlineData("{\"weight\":-3}", 1)]
    [InlineData("{\"weight\":5000}", PartitionLimits.MaxWeight)]
    [InlineData("[{\"weight\":4}]", 1)]
    [InlineData("not json", 1)]
    [InlineData("{\"weight\":", 1)]
    public void Weight_is_read_from_the_json_object_or_defaults_to_1(string capabilities, int expected) =>
        Assert.Equal(expected, PartitionWeight.Read(Encoding.UTF8.GetBytes(capabilities)));

    [Fact]
    public void A_partitioned_member_joins_with_its_weight_as_json() =>
        Assert.Equal("{\"weight\":7}", Encoding.UTF8.GetString(PartitionWeight.ToCapabilities(7)));
}
