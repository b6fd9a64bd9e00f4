using Microsoft.Extensions.DependencyInjection;
using Orleans.Coord.Client;
using Orleans.Coord.Etcd.Clustering;
using Orleans.Coord.Etcd.Internal;
using Orleans.Coord.Etcd.Options;
using Orleans.Coord.Etcd.Reminders;
using Orleans.Coord.Etcd.Storage;
using Orleans.Coord.Telemetry;
using Orleans.Hosting;
using Orleans.Messaging;
using Orleans.Runtime.Hosting;

namespace Orleans.Coord.Etcd.Hosting;

/// <summary>Puts an Orleans.Coord silo or cluster client on etcd (v3 API, etcd 3.4 or newer).</summary>
public static class EtcdCoordBackendExtensions
{
    /// <summary>
    /// Keeps the silo's clustering (membership table), coordination state, stream pub-sub store and reminders in etcd,
    /// under <c>&lt;prefix&gt;/&lt;ServiceId&gt;/</c> of <paramref name="url"/>
    /// (<c>etcd://[user:password@]host:port[,host:port][/prefix]</c>; a user and password authenticate with etcd). Every
    /// conditional write is one etcd transaction comparing mod revisions: membership rows and the table version as
    /// Orleans' membership protocol requires, grain states on their ETag (a mismatch throws
    /// <see cref="Orleans.Storage.InconsistentStateException"/>, a state over etcd's 1.5 MiB request limit throws
    /// <see cref="GrainStateTooLargeException"/>, and neither writes anything). Reminders are durable, so the lease
    /// backstop reminders survive the loss of any silo. One gRPC channel per silo serves them all; each request is
    /// bounded by 10 s. Add the grains with <c>AddCoordination()</c> (Orleans.Coord.Server).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not an etcd URL.</exception>
    public static ISiloBuilder UseCoordEtcd(this ISiloBuilder builder, BackendUrl url)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = EtcdOptions.From(url);
        builder.Services.Configure<CoordTelemetryOptions>(o => o.Backend = "etcd");
        builder.Services.AddSingleton(_ => new EtcdConnection(options));
        builder.Services.AddSingleton<IMembershipTable, EtcdMembershipTable>();
        foreach (var name in new[] { CoordConstants.StorageName, CoordConstants.PubSubStoreName })
        {
            builder.Services.AddGrainStorage(name, static (sp, providerName) => ActivatorUtilities.CreateInstance<EtcdGrainStorage>(sp, providerName));
        }

        builder.AddReminders();
        builder.Services.AddSingleton<IReminderTable, EtcdReminderTable>();
        return builder;
    }

    /// <summary>
    /// Finds the cluster's gateways in the etcd membership table under the prefix of <paramref name="url"/> and adds the
    /// coordination streams (<see cref="CoordClientBuilderExtensions.AddCoordStreams"/>).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not an etcd URL.</exception>
    public static IClientBuilder UseCoordEtcd(this IClientBuilder builder, BackendUrl url)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = EtcdOptions.From(url);
        builder.Services.AddSingleton(_ => new EtcdConnection(options));
        builder.Services.AddSingleton<IGatewayListProvider, EtcdGatewayListProvider>();
        return builder.AddCoordStreams();
    }
}
