using System.Text.Json;

using Orleans.Coord.Groups;

namespace Orleans.Coord.Client;

/// <summary>Capabilities as any JSON-serialisable value (System.Text.Json).</summary>
public static class GroupCoordinatorJsonExtensions
{
    /// <summary>Joins an existing group with <paramref name="capabilities"/> serialised as JSON.</summary>
    public static Task JoinAsync<T>(this IGroupCoordinator groups, string group, T capabilities, JsonSerializerOptions? options = null, CancellationToken cancellationToken = default) =>
        groups.JoinAsync(group, JsonSerializer.SerializeToUtf8Bytes(capabilities, options), cancellationToken);

    /// <summary>Joins the group, creating it when missing, with <paramref name="capabilities"/> serialised as JSON.</summary>
    public static Task JoinOrCreateAsync<T>(this IGroupCoordinator groups, string group, T capabilities, JsonSerializerOptions? options = null, CancellationToken cancellationToken = default) =>
        groups.JoinOrCreateAsync(group, JsonSerializer.SerializeToUtf8Bytes(capabilities, options), cancellationToken);

    /// <summary>Replaces this session's capabilities with <paramref name="capabilities"/> serialised as JSON.</summary>
    public static Task UpdateCapabilitiesAsync<T>(this IGroupCoordinator groups, string group, T capabilities, JsonSerializerOptions? options = null, CancellationToken cancellationToken = default) =>
        groups.UpdateCapabilitiesAsync(group, JsonSerializer.SerializeToUtf8Bytes(capabilities, options), cancellationToken);

    /// <summary>One member's capabilities deserialised from JSON (Tooz's <c>get_member_capabilities</c>).</summary>
    public static async Task<T?> GetMemberCapabilitiesAsync<T>(this IGroupCoordinator groups, string group, string memberId, JsonSerializerOptions? options = null, CancellationToken cancellationToken = default) =>
        (await groups.GetMemberAsync(group, memberId, cancellationToken)).GetCapabilities<T>(options);
}
