using Orleans.Coord.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Coord.AdoNet.Storage;
using Orleans.Coord.Client;
using Orleans.Hosting;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace Orleans.Coord.AdoNet.Hosting;

/// <summary>Puts an Orleans.Coord silo or cluster client on PostgreSQL or MySQL/MariaDB through Orleans' ADO.NET providers.</summary>
public static class AdoNetCoordBackendExtensions
{
    /// <summary>
    /// Keeps the silo's clustering, coordination state, stream pub-sub store and reminders in the database of
    /// <paramref name="url"/> (<c>postgresql://user[:password]@host:port/database</c> or
    /// <c>mysql://user[:password]@host:port/database</c>). The silo installs the schema first thing when it starts, when it
    /// is missing (idempotent, safe when several silos start at once). Coordination state is written with Orleans' binary
    /// serializer by Orleans.Coord's own storage provider, one prepared statement and one round trip per write with the
    /// ETag (a bigint version) checked in the statement: a stale ETag throws <see cref="InconsistentStateException"/> and
    /// writes nothing.
    /// Add the grains with <c>AddCoordination()</c> (Orleans.Coord.Server).
    /// </summary>
    /// <exception cref="FormatException"><paramref name="url"/> is not a usable PostgreSQL or MySQL URL.</exception>
    public static ISiloBuilder UseCoordAdoNet(this ISiloBuilder builder, BackendUrl url)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var connection = Parse(url);
        builder.Services.Configure<CoordTelemetryOptions>(o => o.Backend = url.Kind == BackendKind.MySql ? "mysql" : "postgresql");
        builder.Services.AddSingleton(new AdoNetSchemaBootstrapper.Target(connection.Dialect, connection.ConnectionString, url.ToString()));
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, AdoNetSchemaBootstrapper>();
        builder.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (connection.Invariant, connection.ConnectionString));
        AddGrainStorage(builder, connection);

        return builder.UseAdoNetReminderService(o => (o.Invariant, o.ConnectionString) = (connection.Invariant, connection.ConnectionString));
    }

    /// <summary>
    /// Finds the cluster's gateways in the membership table of the database of <paramref name="url"/> and adds the
    /// coordination streams (<see cref="CoordClientBuilderExtensions.AddCoordStreams"/>).
    /// </summary>
    /// <exception cref="FormatException"><paramref name="url"/> is not a usable PostgreSQL or MySQL URL.</exception>
    public static IClientBuilder UseCoordAdoNet(this IClientBuilder builder, BackendUrl url)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var connection = Parse(url);
        return builder.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (connection.Invariant, connection.ConnectionString)).AddCoordStreams();
    }

    private static void AddGrainStorage(ISiloBuilder builder, AdoNetConnectionUrl connection)
    {
        if (connection.Dialect == AdoNetDialect.PostgreSql)
        {
            builder.Services.AddSingleton(_ => new PostgreSqlStateDataSource(connection.ConnectionString));
            builder.Services.AddSingleton<IGrainStateTable, PostgreSqlGrainStateTable>();
        }
        else
        {
            builder.Services.AddSingleton(_ => new MySqlStateDataSource(connection.ConnectionString));
            builder.Services.AddSingleton<IGrainStateTable, MySqlGrainStateTable>();
        }

        foreach (var storage in new[] { CoordConstants.StorageName, CoordConstants.PubSubStoreName })
        {
            builder.Services.AddGrainStorage(storage, static (sp, name) => ActivatorUtilities.CreateInstance<SqlGrainStorage>(sp, name));
        }
    }

    private static AdoNetConnectionUrl Parse(BackendUrl url)
    {
        ArgumentNullException.ThrowIfNull(url);
        try
        {
            return AdoNetConnectionUrl.Parse(url.ToConnectionUrl());
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"Backend URL '{url}' is not a usable PostgreSQL or MySQL URL: {ex.Message}", ex);
        }
    }
}
