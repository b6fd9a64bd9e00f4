using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Coord.Client;
using Orleans.Coord.File.Internal;
using Orleans.Coord.File.Reminders;
using Orleans.Coord.File.Storage;
using Orleans.Coord.Telemetry;
using Orleans.Hosting;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;

namespace Orleans.Coord.File.Hosting;

/// <summary>Puts an Orleans.Coord silo or cluster client on the file backend: one silo on one host, its state in a directory.</summary>
public static class FileCoordBackendExtensions
{
    /// <summary>
    /// Localhost clustering on <paramref name="siloPort"/>/<paramref name="gatewayPort"/> (one silo; clients connect to
    /// 127.0.0.1:<paramref name="gatewayPort"/>), and the coordination state, the stream pub-sub store and the reminders
    /// in files under the directory of <paramref name="url"/> (<c>file:///absolute/directory</c>), each change flushed
    /// to disk before it is answered, so that everything survives a restart or a crash of the silo. The directory is
    /// created when missing if its parent exists. The silo holds an exclusive lock on it (the file <c>.lock</c>) from the
    /// start of its start to the end of its stop: a second silo on the same directory, in this process or another, fails
    /// to start with a <see cref="FileBackendException"/>, as does a silo whose directory is not writable or whose
    /// parent is missing. The operating system releases the lock when the process dies, so a silo restarted after a
    /// crash starts at once. Add the grains with <c>AddCoordination()</c> (Orleans.Coord.Server).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not a file backend URL.</exception>
    public static ISiloBuilder UseCoordFile(this ISiloBuilder builder, BackendUrl url, int siloPort = 11111, int gatewayPort = 30000)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var directory = DirectoryOf(url);
        builder.UseLocalhostClustering(siloPort, gatewayPort);
        builder.Services.Configure<CoordTelemetryOptions>(o => o.Backend = "file");
        builder.Services.AddSingleton(sp => new BackendDirectory(directory, sp.GetRequiredService<ILogger<BackendDirectory>>()));
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<BackendDirectory>());
        foreach (var storage in new[] { CoordConstants.StorageName, CoordConstants.PubSubStoreName })
        {
            builder.Services.AddGrainStorage(storage, static (sp, name) => new FileGrainStorage(
                name,
                sp.GetRequiredService<BackendDirectory>(),
                sp.GetRequiredService<Serializer>(),
                sp.GetRequiredService<IActivatorProvider>(),
                sp.GetRequiredService<ILogger<FileGrainStorage>>()));
        }

        builder.AddReminders();
        builder.Services.AddSingleton<IReminderTable, FileReminderTable>();
        return builder;
    }

    /// <summary>
    /// Connects to the file backend's silo on 127.0.0.1:<paramref name="gatewayPort"/> and adds the coordination streams
    /// (<see cref="CoordClientBuilderExtensions.AddCoordStreams"/>). The client does not touch the directory.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not a file backend URL.</exception>
    public static IClientBuilder UseCoordFile(this IClientBuilder builder, BackendUrl url, int gatewayPort = 30000)
    {
        ArgumentNullException.ThrowIfNull(builder);
        _ = DirectoryOf(url);
        return builder.UseLocalhostClustering(gatewayPort).AddCoordStreams();
    }

    /// <summary>The absolute directory of a file backend URL.</summary>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not a file backend URL.</exception>
    internal static string DirectoryOf(BackendUrl url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Kind != BackendKind.File)
        {
            throw new ArgumentException($"Backend URL '{url}' is not a file backend URL (file:///absolute/directory).", nameof(url));
        }

        return url.Path;
    }
}
