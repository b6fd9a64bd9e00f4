namespace Orleans.Coord.Client;

/// <summary>Who renews a session's lease (see <see cref="CoordinatorOptions.Renewal"/>).</summary>
public enum SessionRenewal
{
    /// <summary>The coordinator renews its own lease every <see cref="CoordinatorOptions.EffectiveHeartbeatInterval"/>.</summary>
    Automatic,

    /// <summary>
    /// Only <see cref="Coordinator.RenewAsync"/> renews the lease (the <see cref="ICoordinator"/> that
    /// <see cref="Coordinator.StartAsync(IGrainFactory, IServiceProvider, string, CoordinatorOptions?, CancellationToken)"/> returns is a
    /// <see cref="Coordinator"/>): the session lives exactly as long as its caller keeps
    /// renewing it, so a caller that stops (its process died, its connection broke) lets the session expire after its
    /// TTL, with reason expired. For services that relay sessions of remote clients, such as the gRPC API, where the
    /// remote client's keep-alive, not the relaying process, must keep the lease.
    /// </summary>
    ByCaller,
}
