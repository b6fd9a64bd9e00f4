using dotnet_etcd;
using Etcdserverpb;
using Grpc.Core;
using Orleans.Coord.Tests.Contracts;
using Orleans.Coord.Etcd.Internal;
using Orleans.Coord.Etcd.Options;
using Orleans.Runtime;

namespace Orleans.Coord.Tests.Etcd;

/// <summary>
/// A user and password in the URL authenticate with etcd: on a server of its own with authentication enabled, the
/// backend's connection reads and writes as that user, and a wrong password is refused without being shown.
/// </summary>
public sealed class EtcdAuthenticationTests
{
    private const string Password = "s3cret-pw";

    [Fact]
    public async Task The_urls_user_authenticates_and_a_wrong_password_is_refused_without_showing_it()
    {
        await using var server = await EtcdServer.StartAsync();
        using (var admin = new EtcdClient($"http://{server.Endpoint}", configureChannelOptions: o => o.Credentials = ChannelCredentials.Insecure))
        {
            await admin.UserAddAsync(new AuthUserAddRequest { Name = "root", Password = Password });
            await admin.UserGrantRoleAsync(new AuthUserGrantRoleRequest { User = "root", Role = "root" });
            await admin.AuthEnableAsync(new AuthEnableRequest());
        }

        using var anonymous = Connect(server.Url);
        await Assert.ThrowsAsync<OrleansException>(() => anonymous.GetAsync("/auth/probe"));

        var url = BackendUrl.Parse($"etcd://root:{Password}@{server.Endpoint}/auth");
        Assert.DoesNotContain(Password, url.ToString());
        using var root = new EtcdConnection(EtcdOptions.From(url));
        Assert.DoesNotContain(Password, root.Options.ToString());
        var table = EtcdServerFixture.Table(root, "auth-cluster");
        await table.InitializeMembershipTable(true);
        Assert.True(await table.InsertRow(MembershipEntries.Create(), (await table.ReadAll()).Version.Next()));
        Assert.Single((await table.ReadAll()).Members);

        using var wrong = Connect($"etcd://root:not-{Password}@{server.Endpoint}/auth");
        var refused = await Assert.ThrowsAsync<OrleansException>(() => wrong.GetAsync("/auth/probe"));
        Assert.Contains("authentication failed", refused.Message);
        Assert.Contains(server.Endpoint, refused.Message);
        Assert.DoesNotContain(Password, refused.ToString());
    }

    private static EtcdConnection Connect(string url) => new(EtcdOptions.From(BackendUrl.Parse(url)));
}
