using System.Net;


namespace Orleans.Coord.Cli.Connection;

/// <summary>Where the cluster is: a backend URL, or one gateway; its cluster id; how long to try to connect.</summary>
/// <param name="Backend">The backend whose membership lists the gateways (localhost: the gateway on 127.0.0.1:30000).</param>
/// <param name="Gateway">One gateway to connect to directly, instead of the backend's list; null to use the backend.</param>
/// <param name="ClusterId">The Orleans cluster id and service id; null for the default.</param>
/// <param name="ConnectTimeout">How long to try to connect before giving up.</param>
internal sealed record ConnectionSettings(BackendUrl Backend, IPEndPoint? Gateway, string? ClusterId, TimeSpan ConnectTimeout)
{
    /// <summary>Where the client looks, in words, for messages.</summary>
    public string Where => Gateway?.ToString() ?? (Backend.Kind is BackendKind.Localhost or BackendKind.File ? "127.0.0.1:30000" : Backend.HostList);
}
