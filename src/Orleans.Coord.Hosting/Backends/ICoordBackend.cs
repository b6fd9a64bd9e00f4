namespace Orleans.Coord.Hosting.Backends;

/// <summary>
/// One backend: how a silo gets clustering, the coordination grain storage, the stream pub-sub store and reminders
/// from it, and how a client finds the gateways.
/// </summary>
internal interface ICoordBackend
{
    void ConfigureSilo(ISiloBuilder builder);

    void ConfigureClient(IClientBuilder builder);
}
