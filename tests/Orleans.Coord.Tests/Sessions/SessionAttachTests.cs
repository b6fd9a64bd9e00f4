using Orleans.Coord.Grains;
using Orleans.Coord.Sessions;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.Runtime;
using Orleans.Coord.Client;
using Orleans.Coord.Server.Sessions;

namespace Orleans.Coord.Tests.Sessions;

/// <summary>
/// Attaching grains to a session: the attaches a client needs at the same time go to the session grain together, are
/// recorded in pages of at most <see cref="SessionResourcePageGrain.PageSize"/>, and every attached grain is told when
/// the session ends; an oversized batch is refused and records nothing.
/// </summary>
[Collection(SharedClusterCollection.Name)]
public sealed class SessionAttachTests(SharedClusterFixture fixture)
{
    [Fact]
    public async Task Joins_started_at_once_are_all_recorded_in_pages_and_all_released_when_the_session_ends()
    {
        const int Groups = 200;
        var prefix = $"attach-{Guid.NewGuid():N}-";
        var client = fixture.ClientsBySilo[1];
        var session = await Coordinator.StartAsync(fixture.ClientsBySilo[0], "attacher", new CoordinatorOptions());
        await Task.WhenAll(Enumerable.Range(0, Groups).Select(g => session.Groups.JoinOrCreateAsync(prefix + g)));

        var pages = await PagesAsync(client, session.SessionId);
        Assert.All(pages, page => Assert.InRange(page.Count, 1, SessionResourcePageGrain.PageSize));
        var recorded = pages.SelectMany(p => p).ToHashSet();
        var groups = Enumerable.Range(0, Groups).Select(g => client.GetGrain<IGroupGrain>(prefix + g)).ToArray();
        Assert.Equal(Groups, recorded.Count);
        Assert.All(groups, g => Assert.Contains(g.GetGrainId(), recorded));

        await session.DisposeAsync();
        var stillMembers = await Task.WhenAll(groups.Select(g => g.IsMemberUpAsync("attacher")));
        Assert.DoesNotContain(true, stillMembers);
    }

    [Fact]
    public async Task An_attach_batch_over_the_limit_is_refused_with_the_limit_and_records_nothing()
    {
        await using var session = await Coordinator.StartAsync(fixture.ClientsBySilo[0], "too-many", new CoordinatorOptions());
        var client = fixture.ClientsBySilo[2];
        var resources = Enumerable.Range(0, ISessionGrain.MaxAttachBatch + 1)
            .Select(i => client.GetGrain<IGroupGrain>($"never-{i}").GetGrainId())
            .ToArray();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.GetGrain<ISessionGrain>(session.SessionId).AttachAsync(resources));
        // The parameter name travels in the message (Orleans does not carry ParamName across the wire).
        Assert.Contains("resources", error.Message);
        Assert.Contains($"At most {ISessionGrain.MaxAttachBatch} resources", error.Message);
        Assert.Empty(await PagesAsync(client, session.SessionId));
    }

    /// <summary>The session's resource pages, read until the first empty one.</summary>
    private static async Task<List<IReadOnlyList<GrainId>>> PagesAsync(IGrainFactory grains, Guid sessionId)
    {
        var pages = new List<IReadOnlyList<GrainId>>();
        for (var index = 0; ; index++)
        {
            var page = await grains.GetGrain<ISessionResourcePageGrain>($"{sessionId:N}/{index}").ListAsync();
            if (page.Count == 0)
            {
                return pages;
            }

            pages.Add(page);
        }
    }
}
