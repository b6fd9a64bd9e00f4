using System.Net;
using System.Net.Sockets;

namespace Orleans.Coord.ZooKeeper.Tests.Infrastructure;

/// <summary>Finds unused loopback TCP ports.</summary>
public static class FreePort
{
    public static int Next() => Many(1)[0];

    /// <summary>Returns distinct free ports (all listeners are held open until every port is chosen).</summary>
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
