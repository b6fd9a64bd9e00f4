using System.Net;
using System.Net.Sockets;

namespace Orleans.Coord.TestServers;

/// <summary>
/// Finds TCP ports that are free on the loopback interface. A port is handed out at most once per process: the OS
/// readily gives the same free port to two binds in a row, and a test that picks a port for a server it starts later
/// (a silo started before its backend) must not see another test's server take it in between.
/// </summary>
public static class FreePort
{
    private static readonly HashSet<int> Given = [];

    /// <summary>
    /// Returns a port that was free on 127.0.0.1 a moment ago (the OS picked it for a listener that was then closed) and
    /// that this process has not been given before. Another process may take it before the caller binds it; the server
    /// fixtures retry with a new port when that happens.
    /// </summary>
    /// <returns>A port number between 1 and 65535.</returns>
    public static int Next() => Many(1)[0];

    /// <summary>Returns distinct free loopback ports, none given before in this process.</summary>
    public static int[] Many(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var listeners = new List<TcpListener>();
        try
        {
            var ports = new List<int>(count);
            lock (Given)
            {
                while (ports.Count < count)
                {
                    // Held open until every port is chosen, so that the OS offers a different one each time.
                    var listener = new TcpListener(IPAddress.Loopback, 0);
                    listener.Start();
                    listeners.Add(listener);
                    var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                    if (Given.Add(port))
                    {
                        ports.Add(port);
                    }
                }
            }

            return [.. ports];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }
}
