using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Coord.File.Hosting;
using Orleans.Coord.File.Internal;

namespace Orleans.Coord.File.Health;

/// <summary>
/// Whether the directory of a <c>file://</c> backend is usable. While a silo in this process holds the directory, the
/// check writes, flushes and deletes a probe file in it: healthy when that works, unhealthy with the cause (a full or
/// read-only disk) otherwise. Before a silo holds it (the check a silo program makes before it starts), the check
/// looks without creating or locking anything: healthy when the directory exists and is writable and no process
/// holds its lock, or when it is missing but its parent exists (the silo creates it); unhealthy with a one-line
/// reason otherwise (<c>cannot use directory /var/lib/coord: another silo holds it (lock file /var/lib/coord/.lock)</c>).
/// </summary>
public sealed class FileBackendHealthCheck : IHealthCheck
{
    private readonly string _directory;

    /// <summary>Creates the check.</summary>
    /// <param name="url">A <c>file:///absolute/directory</c> backend URL.</param>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not a file backend URL.</exception>
    public FileBackendHealthCheck(BackendUrl url) => _directory = FileCoordBackendExtensions.DirectoryOf(url);

    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (BackendDirectory.IsHeldInThisProcess(_directory))
        {
            try
            {
                BackendDirectory.CheckWritable(_directory);
                return Task.FromResult(HealthCheckResult.Healthy($"directory {_directory} is held by this silo and writable"));
            }
            catch (FileBackendException ex)
            {
                return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, ex.Message, ex));
            }
        }

        var problem = BackendDirectory.ProblemWith(_directory);
        return Task.FromResult(problem is null
            ? HealthCheckResult.Healthy($"directory {_directory} is usable")
            : new HealthCheckResult(context.Registration.FailureStatus, problem));
    }
}
