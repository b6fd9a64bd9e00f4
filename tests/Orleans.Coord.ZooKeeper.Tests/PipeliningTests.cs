using Orleans.Coord.ZooKeeper.Tests.Infrastructure;
using Xunit;
using static Orleans.Coord.ZooKeeper.Tests.Infrastructure.TestClients;

namespace Orleans.Coord.ZooKeeper.Tests;

[Collection(StandaloneServerCollection.Name)]
public sealed class PipeliningTests(StandaloneServerFixture fixture)
{
    [Fact]
    public async Task Concurrent_requests_from_many_threads_are_pipelined_and_matched()
    {
        await using var client = await fixture.ConnectAsync();
        var root = await CreateTestRootAsync(client);

        var creates = Enumerable.Range(0, 300)
            .Select(i => Task.Run(() => client.CreateAsync($"{root}/n{i:D3}", Bytes($"v{i}"))))
            .ToArray();
        var created = await Task.WhenAll(creates);
        Assert.Equal(Enumerable.Range(0, 300).Select(i => $"{root}/n{i:D3}"), created);

        var reads = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => client.GetDataAsync($"{root}/n{i:D3}")));
        for (var i = 0; i < reads.Length; i++)
        {
            Assert.Equal($"v{i}", Text(reads[i].Data));
        }
    }

    [Fact]
    public async Task Requests_beyond_the_pending_limit_fail_clearly()
    {
        await using var client = await fixture.ConnectAsync(maxPending: 4);
        var root = await CreateTestRootAsync(client);

        var tasks = Enumerable.Range(0, 100).Select(_ => client.GetDataAsync(root)).ToArray();
        var outcomes = await Task.WhenAll(tasks.Select(async t =>
        {
            try
            {
                await t;
                return (Exception?)null;
            }
            catch (Exception ex)
            {
                return ex;
            }
        }));

        var refused = outcomes.OfType<TooManyPendingRequestsException>().ToList();
        Assert.NotEmpty(refused);
        Assert.Equal(4, refused[0].Limit);
        Assert.Contains("MaxPendingRequests", refused[0].Message);
        Assert.All(outcomes, o => Assert.True(o is null or TooManyPendingRequestsException, o?.ToString()));
        Assert.True(outcomes.Count(o => o is null) >= 4);

        // Once the earlier requests completed, capacity is back.
        await Poll.UntilAsync(async () =>
        {
            try
            {
                await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.GetDataAsync(root)));
                return true;
            }
            catch (TooManyPendingRequestsException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(5), "the pending count drains");
    }

    [Fact]
    public async Task Cancellation_stops_waiting()
    {
        await using var client = await fixture.ConnectAsync();
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ExistsAsync("/", cancellationToken: cts.Token));
        Assert.NotNull(await client.ExistsAsync("/"));
    }
}
