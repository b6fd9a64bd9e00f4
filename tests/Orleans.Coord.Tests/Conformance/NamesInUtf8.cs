using Orleans.Coord.Client;
using Orleans.Coord.Grains;

namespace Orleans.Coord.Tests.Conformance;

/// <summary>
/// Names travel as UTF-8 (grain keys and arguments), so a name with a lone surrogate cannot round-trip: it would reach
/// the grain as U+FFFD and share that grain with every other such name. Client and grain both refuse it, on every
/// backend, and nothing is created.
/// </summary>
public abstract partial class ConformanceTests
{
    [Theory]
    [InlineData("high-\uD800-alone")]
    [InlineData("low-\uDC00-alone")]
    [InlineData("replacement-\uFFFD-char")]
    public async Task A_name_that_does_not_survive_utf8_is_refused_by_client_and_grain_and_creates_nothing(string badName)
    {
        await using var a = await Coordinator.StartAsync(Cluster.ClientOnSilo(0), "a", Defaults);
        var prefix = NewName("utf8");
        var group = prefix + badName;

        var byClient = await Assert.ThrowsAnyAsync<ArgumentException>(() => a.Groups.JoinOrCreateAsync(group));
        Assert.Equal("group", byClient.ParamName);
        Assert.Contains("UTF-8", byClient.Message);

        // Past the client's checks, straight to the grain: the grain sees its key after UTF-8 and refuses it too.
        var grain = Cluster.ClientOnSilo(1).GetGrain<IGroupGrain>(group);
        var byGrain = await Assert.ThrowsAnyAsync<ArgumentException>(() => grain.JoinAsync(a.SessionId, Guid.NewGuid(), default, "a", [], true));
        Assert.Contains("UTF-8", byGrain.Message);
        var lockGrain = Cluster.ClientOnSilo(1).GetGrain<ILockGrain>(prefix);
        var memberRefused = await Assert.ThrowsAnyAsync<ArgumentException>(() => lockGrain.TryAcquireAsync(a.SessionId, "m" + badName, Guid.NewGuid(), default, null));
        Assert.Contains("memberId", memberRefused.Message);

        Assert.DoesNotContain(await a.Groups.ListAsync(), g => g.StartsWith(prefix, StringComparison.Ordinal));
        Assert.Null(await a.Locks.GetHolderAsync(prefix));
    }
}
