using Etcdserverpb;
using Google.Protobuf;

namespace Orleans.Coord.Etcd.Internal;

/// <summary>The compares and operations the backend's transactions are made of.</summary>
internal static class EtcdTxn
{
    /// <summary>The key's last modification is <paramref name="modRevision"/> (0: the key does not exist).</summary>
    public static Compare ModRevisionIs(string key, long modRevision) => new()
    {
        Key = EtcdKeys.Bytes(key),
        Target = Compare.Types.CompareTarget.Mod,
        Result = Compare.Types.CompareResult.Equal,
        ModRevision = modRevision,
    };

    /// <summary>The key does not exist (its create revision is 0).</summary>
    public static Compare Missing(string key) => new()
    {
        Key = EtcdKeys.Bytes(key),
        Target = Compare.Types.CompareTarget.Create,
        Result = Compare.Types.CompareResult.Equal,
        CreateRevision = 0,
    };

    /// <summary>The key exists (its create revision is above 0).</summary>
    public static Compare Exists(string key) => new()
    {
        Key = EtcdKeys.Bytes(key),
        Target = Compare.Types.CompareTarget.Create,
        Result = Compare.Types.CompareResult.Greater,
        CreateRevision = 0,
    };

    public static RequestOp Put(string key, ReadOnlySpan<byte> value) =>
        new() { RequestPut = new PutRequest { Key = EtcdKeys.Bytes(key), Value = ByteString.CopyFrom(value) } };

    public static RequestOp Delete(string key) =>
        new() { RequestDeleteRange = new DeleteRangeRequest { Key = EtcdKeys.Bytes(key) } };

    public static RequestOp Get(string key) =>
        new() { RequestRange = new RangeRequest { Key = EtcdKeys.Bytes(key) } };
}
