using Orleans.Coord.Grains;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.Coord.Validation;
using Orleans.Coord.Client;

namespace Orleans.Coord.Tests.Locks;

/// <summary>Bad lock names, timeouts and member ids get an ArgumentException naming the argument, and change nothing.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class LockBadInputTests(SharedClusterFixture fixture)
{
    public static TheoryData<string?> BadNames => new()
    {
        null,
        "",
        new string('x', CoordLimits.MaxNameLength + 1),
        "tab\there",
        "nul\0",
    };

    public static TheoryData<TimeSpan> BadTimeouts => new()
    {
        TimeSpan.FromMilliseconds(-2),
        TimeSpan.MinValue,
        CoordLimits.MaxWait + TimeSpan.FromTicks(1),
    };

    [Theory]
    [MemberData(nameof(BadNames))]
    public async Task Bad_lock_names_are_refused_by_the_client(string? name)
    {
        await using var s = await Coordinator.StartAsync(fixture.ClientsBySilo[0], "v", new CoordinatorOptions());
        var errors = new List<ArgumentException>
        {
            await Assert.ThrowsAnyAsync<ArgumentException>(() => s.Locks.TryAcquireAsync(name!)),
            await Assert.ThrowsAnyAsync<ArgumentException>(() => s.Locks.TryAcquireAsync(name!, TimeSpan.FromSeconds(1))),
            await Assert.ThrowsAnyAsync<ArgumentException>(() => s.Locks.AcquireAsync(name!, TimeSpan.FromSeconds(1))),
            await Assert.ThrowsAnyAsync<ArgumentException>(() => s.Locks.IsStillOwnerAsync(name!, 1)),
            await Assert.ThrowsAnyAsync<ArgumentException>(() => s.Locks.BreakAsync(name!)),
            await Assert.ThrowsAnyAsync<ArgumentException>(() => s.Locks.GetHolderAsync(name!)),
        };
        Assert.All(errors, e =>
        {
            Assert.Equal("name", e.ParamName);
            Assert.Contains(CoordLimits.MaxNameLength.ToString(), e.Message);
        });
    }

    [Theory]
    [MemberData(nameof(BadTimeouts))]
    public async Task Bad_timeouts_are_refused_and_change_nothing(TimeSpan timeout)
    {
        var name = $"bad-{Guid.NewGuid():N}";
        await using var s = await Coordinator.StartAsync(fixture.ClientsBySilo[1], "v", new CoordinatorOptions());
        var acquire = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => s.Locks.AcquireAsync(name, timeout));
        var tryAcquire = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => s.Locks.TryAcquireAsync(name, timeout));
        Assert.All([acquire, tryAcquire], e =>
        {
            Assert.Equal("timeout", e.ParamName);
            Assert.Contains("InfiniteTimeSpan", e.Message);
        });
        Assert.Null(await s.Locks.GetHolderAsync(name));
    }

    [Fact]
    public async Task The_lock_grain_checks_member_ids_too_and_changes_nothing()
    {
        var name = $"bad-{Guid.NewGuid():N}";
        await using var s = await Coordinator.StartAsync(fixture.ClientsBySilo[2], "v", new CoordinatorOptions());
        var grain = fixture.ClientsBySilo[2].GetGrain<ILockGrain>(name);
        var e = await Assert.ThrowsAnyAsync<ArgumentException>(() => grain.TryAcquireAsync(s.SessionId, "tab\tid", Guid.NewGuid(), null));
        Assert.Contains(CoordLimits.MaxNameLength.ToString(), e.Message);
        Assert.Null(await grain.GetHolderAsync());
    }

    [Fact]
    public async Task A_lock_request_of_an_unknown_session_is_refused_and_leaves_nothing()
    {
        var name = $"bad-{Guid.NewGuid():N}";
        var grain = fixture.ClientsBySilo[0].GetGrain<ILockGrain>(name);
        await Assert.ThrowsAsync<SessionExpiredException>(() => grain.TryAcquireAsync(Guid.NewGuid(), "ghost", Guid.NewGuid(), null));
        Assert.Null(await grain.GetHolderAsync());
        Assert.Equal(0, await grain.GetQueueLengthAsync());
    }
}
