using Microsoft.Extensions.DependencyInjection;
using Orleans.Coord.AdoNet;
using Orleans.Hosting;

namespace Orleans.Coord.Hosting.Backends;

/// <summary>
/// PostgreSQL or MySQL/MariaDB through Orleans' ADO.NET providers: clustering, coordination state, stream pub-sub state
/// and reminders in the database. The silo installs the schema on start when it is missing (idempotent, safe when
/// several silos start at once).
/// </summary>
internal sealed class AdoNetBackend(BackendUrl url) : ICoordBackend
{
    private readonly AdoNetConnectionUrl _connection = Parse(url);

    public void ConfigureSilo(ISiloBuilder builder)
    {
        var (invariant, connectionString) = (_connection.Invariant, _connection.ConnectionString);
        builder.Services.AddSingleton(new AdoNetSchemaBootstrapper.Target(_connection.Dialect, connectionString, url.ToString()));
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, AdoNetSchemaBootstrapper>();
        builder.UseAdoNetClustering(o =>
        {
            o.Invariant = invariant;
            o.ConnectionString = connectionString;
        });
        foreach (var storage in new[] { CoordConstants.StorageName, "PubSubStore" })
        {
            builder.AddAdoNetGrainStorage(storage, o =>
            {
                o.Configure(adoNet =>
                {
                    adoNet.Invariant = invariant;
                    adoNet.ConnectionString = connectionString;
                });
                CoordStateSerialization.UseOrleansBinary(o);
            });
        }
        builder.UseAdoNetReminderService(o =>
        {
            o.Invariant = invariant;
            o.ConnectionString = connectionString;
        });
        builder.AddCoordStreams();
    }

    public void ConfigureClient(IClientBuilder builder) =>
        builder.UseAdoNetClustering(o =>
        {
            o.Invariant = _connection.Invariant;
            o.ConnectionString = _connection.ConnectionString;
        });

    private static AdoNetConnectionUrl Parse(BackendUrl url)
    {
        try
        {
            return AdoNetConnectionUrl.Parse(url.Text);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"Backend URL '{url}' is not a usable {url.Kind} URL: {ex.Message}", ex);
        }
    }
}
