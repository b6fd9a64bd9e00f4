using System.Net;
using System.Net.Sockets;

namespace Orleans.Coord.TestServers;

/// <summary>Finds TCP ports that are free on the loopback interface.</summary>
public static class FreePort
{
    /// <summary>
    /// Returns a port that was free on 127.0.0.1 a moment ago (the OS picked it for a listener that was then closed).
    /// Another process may take it before the caller binds it; the server fixtures retry with a new port when that happens.
    /// </summary>
    /// <returns>A port number between 1 and 65535.</returns>
    public static int Next()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }

    /// <summary>Returns distinct free loopback ports (all listeners are held open until every port is chosen).</summary>
    public static int[] Many(int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }

            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
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
