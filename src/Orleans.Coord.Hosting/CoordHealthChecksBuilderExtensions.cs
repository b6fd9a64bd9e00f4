using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Orleans.Coord.Hosting;

/// <summary>Health checks of an Orleans.Coord silo, for a readiness endpoint.</summary>
public static class CoordHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds the check named <c>backend</c>: a round trip to the backend <paramref name="backend"/> names
    /// (<see cref="BackendHealthChecks.For"/>), bounded by <paramref name="timeout"/> (default
    /// <see cref="BackendHealthChecks.DefaultTimeout"/>, 3 s); healthy when the server answers in time, unhealthy otherwise.
    /// Adds nothing for <c>localhost</c>, which has no server.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="backend">The backend the silo runs on.</param>
    /// <param name="timeout">The bound on one check, positive.</param>
    /// <param name="tags">Tags for endpoint predicates, e.g. <c>ready</c>.</param>
    /// <exception cref="ArgumentException">The URL is not usable by its backend's client library.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is not positive.</exception>
    /// <exception cref="NotSupportedException">The backend is not available in this build.</exception>
    public static IHealthChecksBuilder AddCoordBackend(this IHealthChecksBuilder builder, BackendUrl backend, TimeSpan? timeout = null, params string[] tags)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var bound = timeout ?? BackendHealthChecks.DefaultTimeout;
        var check = BackendHealthChecks.For(backend, bound);
        return check is null
            ? builder
            : builder.Add(new HealthCheckRegistration("backend", check, HealthStatus.Unhealthy, tags, bound + TimeSpan.FromSeconds(1)));
    }

    /// <summary>
    /// Adds the check named <c>silo</c>: healthy while the local silo is <c>Active</c> in its cluster's membership as
    /// this silo sees it; unhealthy while it joins, once it is shutting down, and when the cluster declared it dead.
    /// It reads the silo's membership snapshot and never waits. For a silo host (<c>UseOrleans</c>).
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="tags">Tags for endpoint predicates, e.g. <c>ready</c>.</param>
    public static IHealthChecksBuilder AddCoordSiloStatus(this IHealthChecksBuilder builder, params string[] tags)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddCheck<SiloStatusHealthCheck>("silo", HealthStatus.Unhealthy, tags);
    }
}
