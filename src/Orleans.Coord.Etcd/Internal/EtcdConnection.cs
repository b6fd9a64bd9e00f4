using dotnet_etcd;
using Etcdserverpb;
using Grpc.Core;
using Orleans.Coord.Etcd.Options;
using Orleans.Runtime;

namespace Orleans.Coord.Etcd.Internal;

/// <summary>
/// One gRPC channel to the etcd servers of an <see cref="EtcdOptions"/>, shared by the membership table, the gateway list,
/// the grain storage and the reminder table of a process. Every request carries a deadline of
/// <see cref="EtcdOptions.RequestTimeout"/>; a request that fails (server unreachable, deadline passed) throws
/// <see cref="OrleansException"/> naming the servers and the gRPC status (not the <see cref="RpcException"/> itself,
/// which Orleans cannot carry back to a grain's caller), and the channel reconnects by itself when a server comes back.
/// With a user in the URL, requests authenticate as that user (etcd authentication).
/// </summary>
internal sealed class EtcdConnection : IDisposable
{
    private readonly EtcdClient _client;
    private int _disposed;

    public EtcdConnection(EtcdOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        var endpoints = string.Join(',', options.Endpoints.Select(e => $"http://{e.Host}:{e.Port}"));
        _client = options.User is null
            ? new EtcdClient(endpoints, configureChannelOptions: ConfigureChannel)
            : new EtcdClient(endpoints, options.User, options.Password ?? string.Empty, configureChannelOptions: ConfigureChannel);
    }

    /// <summary>The key of <see cref="Exception.Data"/> that holds a failed request's gRPC status, <c>Code (detail)</c>.</summary>
    public const string CauseKey = "etcd.status";

    public EtcdOptions Options { get; }

    /// <summary>Reads one key; an empty response when it is missing.</summary>
    public Task<RangeResponse> GetAsync(string key, CancellationToken cancellationToken = default) =>
        CallAsync(() => _client.GetAsync(new RangeRequest { Key = EtcdKeys.Bytes(key) }, deadline: Deadline(), cancellationToken: cancellationToken));

    /// <summary>Reads every key under <paramref name="prefix"/> (which ends in '/') at one revision.</summary>
    public Task<RangeResponse> GetPrefixAsync(string prefix, CancellationToken cancellationToken = default) =>
        CallAsync(() => _client.GetAsync(RangeOf(prefix), deadline: Deadline(), cancellationToken: cancellationToken));

    /// <summary>Deletes every key under <paramref name="prefix"/> (which ends in '/').</summary>
    public Task<DeleteRangeResponse> DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default) =>
        CallAsync(() => _client.DeleteAsync(
            new DeleteRangeRequest { Key = EtcdKeys.Bytes(prefix), RangeEnd = EtcdKeys.PrefixEnd(prefix) },
            deadline: Deadline(),
            cancellationToken: cancellationToken));

    /// <summary>Runs a transaction: if every compare holds, the success operations, else the failure operations.</summary>
    public Task<TxnResponse> TxnAsync(TxnRequest request, CancellationToken cancellationToken = default) =>
        CallAsync(() => _client.TransactionAsync(request, deadline: Deadline(), cancellationToken: cancellationToken));

    /// <summary>Asks the server the request goes to for its status (version, leader, revision).</summary>
    public Task<StatusResponse> StatusAsync(CancellationToken cancellationToken = default) =>
        CallAsync(() => _client.StatusAsync(new StatusRequest(), deadline: Deadline(), cancellationToken: cancellationToken));

    /// <summary>The range request for every key under <paramref name="prefix"/>.</summary>
    public static RangeRequest RangeOf(string prefix) => new() { Key = EtcdKeys.Bytes(prefix), RangeEnd = EtcdKeys.PrefixEnd(prefix) };

    /// <summary>Closes the channel. Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _client.Dispose();
        }
    }

    private async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode != StatusCode.Cancelled)
        {
            var cause = $"{ex.StatusCode} ({ex.Status.Detail})";
            throw new OrleansException($"The request to etcd at {Options.Where} failed: {cause}") { Data = { [CauseKey] = cause } };
        }
    }

    private DateTime Deadline() => DateTime.UtcNow + Options.RequestTimeout;

    private static void ConfigureChannel(Grpc.Net.Client.GrpcChannelOptions channel) => channel.Credentials = ChannelCredentials.Insecure;
}
