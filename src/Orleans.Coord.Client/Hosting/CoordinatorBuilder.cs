using Microsoft.Extensions.DependencyInjection;
using Orleans.Coord.Client.Hosting;

namespace Orleans.Coord.Client;

/// <summary>
/// Declares what the hosted coordinator does in every session it starts: groups to join and elections to run for.
/// Returned by <c>AddCoordinator</c>. Declared groups are joined (and created when missing) before the session counts
/// as up; declared campaigns start after them and run beside the session.
/// </summary>
public sealed class CoordinatorBuilder
{
    internal CoordinatorBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection the coordinator is registered in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Joins <paramref name="group"/> with <paramref name="capabilities"/> in every session, creating the group when it
    /// is missing (Nova's ServiceGroup join at start). The membership lasts as long as the session.
    /// </summary>
    /// <exception cref="ArgumentException">The group name or the capabilities break their limits (1 to 256 printable characters; 64 KiB).</exception>
    public CoordinatorBuilder Join(string group, ReadOnlyMemory<byte> capabilities = default)
    {
        Services.AddSingleton<SessionWork>(new DeclaredMembership(group, capabilities));
        return this;
    }

    /// <summary>
    /// Runs for <paramref name="election"/> in every session, and runs <paramref name="lead"/> each time this process is
    /// elected. The token passed to it is cancelled when the leadership is lost, when the work resigns, and when the host
    /// stops. When <paramref name="lead"/> returns, the coordinator resigns and campaigns again behind any other
    /// candidates; when it throws, the error is logged, the coordinator resigns and campaigns again after a second.
    /// </summary>
    /// <exception cref="ArgumentException">The election name, the value or the group in <paramref name="options"/> breaks its limit.</exception>
    public CoordinatorBuilder Campaign(string election, Func<ILeadership, CancellationToken, Task> lead, ReadOnlyMemory<byte> value = default, CampaignOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(lead);
        Services.AddSingleton<SessionWork>(new DeclaredCampaign(election, value, options, _ => lead));
        return this;
    }

    /// <summary>
    /// Registers <typeparamref name="TService"/> as a singleton and runs its <see cref="LeaderService.LeadAsync"/> while
    /// this process leads <paramref name="election"/> (see <see cref="Campaign"/> for the rules).
    /// </summary>
    /// <exception cref="ArgumentException">The election name, the value or the group in <paramref name="options"/> breaks its limit.</exception>
    public CoordinatorBuilder AddLeaderService<TService>(string election, ReadOnlyMemory<byte> value = default, CampaignOptions? options = null)
        where TService : LeaderService
    {
        Services.AddSingleton<TService>();
        Services.AddSingleton<SessionWork>(new DeclaredCampaign(election, value, options, services => services.GetRequiredService<TService>().LeadAsync));
        return this;
    }
}
