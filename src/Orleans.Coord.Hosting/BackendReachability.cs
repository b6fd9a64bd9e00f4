using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Orleans.Coord.Hosting;

/// <summary>
/// Checks that a backend's server answers before a silo starts on it, and waits for it with a bounded backoff:
/// containers often start silos before their Redis, PostgreSQL, ZooKeeper or etcd is ready. A backend counts as reachable when
/// its check (<see cref="BackendHealthChecks.For"/>: Redis <c>PING</c>, SQL <c>SELECT 1</c>, ZooKeeper <c>exists /</c>, etcd <c>Status</c>)
/// answers within 3 s; a Redis server still loading its data counts as not ready. A <c>file://</c> backend's directory is
/// checked once, without waiting: it must exist (or its parent), be writable and not be held by another silo.
/// </summary>
public static class BackendReachability
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>Checks once, within 3 s (<see cref="BackendHealthChecks.DefaultTimeout"/>). Does nothing for <see cref="BackendKind.Localhost"/>.</summary>
    /// <exception cref="BackendUnreachableException">The backend did not answer its check; the message says which backend and why.</exception>
    public static async Task CheckAsync(BackendUrl url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        var check = BackendHealthChecks.For(url, BackendHealthChecks.DefaultTimeout);
        if (check is null)
        {
            return;
        }

        var context = new HealthCheckContext { Registration = new HealthCheckRegistration("backend", check, HealthStatus.Unhealthy, null) };
        var result = await check.CheckHealthAsync(context, cancellationToken);
        if (result.Status != HealthStatus.Healthy)
        {
            throw new BackendUnreachableException(result.Description ?? $"cannot reach {url}", result.Exception);
        }
    }

    /// <summary>
    /// Checks until the backend answers or <paramref name="patience"/> has passed, waiting 0.5 s after the first failure
    /// and doubling up to 5 s; <paramref name="onFailure"/> hears each failed attempt and the wait before the next.
    /// A <c>file://</c> backend is checked once, without waiting.
    /// </summary>
    /// <exception cref="BackendUnreachableException">The backend did not answer within <paramref name="patience"/>; the last cause.</exception>
    public static async Task WaitAsync(BackendUrl url, TimeSpan patience, Action<BackendUnreachableException, TimeSpan>? onFailure = null, CancellationToken cancellationToken = default)
    {
        if (url.Kind == BackendKind.File)
        {
            // A directory that is missing, unwritable or held by another silo does not fix itself: one check, no wait.
            await CheckAsync(url, cancellationToken);
            return;
        }

        var deadline = DateTime.UtcNow + patience;
        var delay = TimeSpan.FromMilliseconds(500);
        while (true)
        {
            try
            {
                await CheckAsync(url, cancellationToken);
                return;
            }
            catch (BackendUnreachableException ex)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    throw;
                }

                var wait = delay < left ? delay : left;
                onFailure?.Invoke(ex, wait);
                await Task.Delay(wait, cancellationToken);
                delay = delay * 2 < MaxRetryDelay ? delay * 2 : MaxRetryDelay;
            }
        }
    }
}
