using Orleans.Coord.Client.Watching;

namespace Orleans.Coord.Tests.Watching;

/// <summary>The buffer between a watch's two paths and its reader: version order, no duplicates, a short gap grace.</summary>
public sealed class VersionedEventBufferTests
{
    private sealed record Event(long Version, string Path);

    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Events_that_arrive_out_of_order_or_twice_are_read_once_in_version_order()
    {
        var buffer = new VersionedEventBuffer<Event>(e => e.Version);
        buffer.Write(new Event(3, "push"));
        buffer.Write(new Event(2, "push"));
        buffer.Write(new Event(2, "stream"));
        buffer.Write(new Event(1, "stream"));

        var read = new List<Event>();
        for (var after = 0L; after < 3; after++)
        {
            read.Add((await buffer.ReadAsync(after, Quiet, CancellationToken.None))!);
        }

        Assert.Equal([new Event(1, "stream"), new Event(2, "push"), new Event(3, "push")], read);
    }

    [Fact]
    public async Task A_missing_version_that_arrives_within_the_grace_is_read_first()
    {
        var buffer = new VersionedEventBuffer<Event>(e => e.Version);
        buffer.Write(new Event(6, "push"));
        var reading = buffer.ReadAsync(4, Quiet, CancellationToken.None);
        Assert.False(reading.IsCompleted);
        buffer.Write(new Event(5, "stream"));

        Assert.Equal(new Event(5, "stream"), await reading);
        Assert.Equal(new Event(6, "push"), await buffer.ReadAsync(5, Quiet, CancellationToken.None));
    }

    [Fact]
    public async Task A_gap_that_lasts_past_the_grace_hands_out_the_later_version()
    {
        var buffer = new VersionedEventBuffer<Event>(e => e.Version);
        buffer.Write(new Event(9, "push"));

        var started = DateTime.UtcNow;
        Assert.Equal(new Event(9, "push"), await buffer.ReadAsync(7, Quiet, CancellationToken.None));
        Assert.True(DateTime.UtcNow - started >= VersionedEventBuffer<Event>.GapGrace - TimeSpan.FromMilliseconds(20));
    }

    [Fact]
    public async Task Nothing_within_the_quiet_period_reads_null_and_versions_already_passed_are_dropped()
    {
        var buffer = new VersionedEventBuffer<Event>(e => e.Version);
        buffer.Write(new Event(2, "stream"));

        Assert.Null(await buffer.ReadAsync(2, TimeSpan.FromMilliseconds(50), CancellationToken.None));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => buffer.ReadAsync(2, Quiet, new CancellationToken(canceled: true)));
    }
}
