using Orleans.Coord.ZooKeeper;

namespace Orleans.Coord.Tests.BackendSecurity;

/// <summary>
/// The ZooKeeper backend with digest authentication (<see cref="ZooKeeperDigestFixture"/>): it works end to end, every
/// node it created (the chroot, the membership table, grain state) refuses a client without credentials or with other
/// credentials (NoAuth), and the password shows nowhere.
/// </summary>
public sealed class ZooKeeperDigestTests(ZooKeeperDigestFixture fixture) : IClassFixture<ZooKeeperDigestFixture>
{
    [Fact]
    public async Task Locks_and_groups_work_and_their_nodes_refuse_other_users()
    {
        await fixture.AssertLocksAndGroupsWorkAsync("zk-member");

        await using var owner = await ConnectAsync($"{ZooKeeperDigestFixture.User}:{ZooKeeperDigestFixture.Password}");
        var nodes = await DescendantsAsync(owner, ZooKeeperDigestFixture.Chroot);
        Assert.True(nodes.Count >= 5, $"the backend created the chroot, the membership table and grain state ({string.Join(", ", nodes)})");

        await using var anonymous = await ConnectAsync(null);
        await using var intruder = await ConnectAsync($"intruder:{ZooKeeperDigestFixture.Password}");
        foreach (var other in new[] { anonymous, intruder })
        {
            foreach (var node in nodes)
            {
                var refused = await Assert.ThrowsAsync<GenericZooKeeperException>(() => other.SetDataAsync(node, "x"u8.ToArray()));
                Assert.Equal(ZooKeeperErrorCode.NoAuth, refused.ErrorCode);
                if (node != ZooKeeperDigestFixture.Chroot)
                {
                    // Deleting is a right on the parent; the chroot's parent is the open root (and the chroot is not empty).
                    Assert.Equal(ZooKeeperErrorCode.NoAuth, (await Assert.ThrowsAsync<GenericZooKeeperException>(() => other.DeleteAsync(node))).ErrorCode);
                }

                Assert.Equal(ZooKeeperErrorCode.NoAuth, (await Assert.ThrowsAsync<GenericZooKeeperException>(() => other.GetDataAsync(node))).ErrorCode);
            }
        }
    }

    [Fact]
    public void The_password_is_neither_in_the_url_as_shown_nor_in_the_silos_logs_nor_in_a_bad_option_error()
    {
        Assert.DoesNotContain(ZooKeeperDigestFixture.Password, BackendUrl.Parse(fixture.Url).ToString());
        Assert.NotEmpty(ZooKeeperDigestFixture.Logs.Lines);
        Assert.DoesNotContain(ZooKeeperDigestFixture.Logs.Lines, l => l.Contains(ZooKeeperDigestFixture.Password, StringComparison.Ordinal));
        var bad = Assert.Throws<ArgumentException>(() => new ZooKeeperClientOptions { ConnectString = fixture.Server.Address, DigestCredentials = ZooKeeperDigestFixture.Password }.Validate());
        Assert.Equal(nameof(ZooKeeperClientOptions.DigestCredentials), bad.ParamName);
        Assert.DoesNotContain(ZooKeeperDigestFixture.Password, bad.Message);
    }

    private async Task<ZooKeeperClient> ConnectAsync(string? digest)
    {
        var client = new ZooKeeperClient(new ZooKeeperClientOptions { ConnectString = fixture.Server.Address, DigestCredentials = digest });
        await client.ConnectAsync();
        return client;
    }

    /// <summary>The node and every node below it (read with the owner's credentials), deepest first.</summary>
    private static async Task<List<string>> DescendantsAsync(ZooKeeperClient client, string path)
    {
        var all = new List<string>();
        foreach (var child in (await client.GetChildrenAsync(path)).Children)
        {
            all.AddRange(await DescendantsAsync(client, path + "/" + child));
        }

        all.Add(path);
        return all;
    }
}
