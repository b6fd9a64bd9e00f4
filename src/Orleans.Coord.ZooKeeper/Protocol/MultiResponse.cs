using Orleans.Coord.ZooKeeper.Internal;

namespace Orleans.Coord.ZooKeeper.Protocol;

/// <summary>Decodes a multi reply: a sequence of <c>MultiHeader</c> + result records ended by a header with done set.</summary>
internal static class MultiResponse
{
    public static List<ZooKeeperOperationResult> Read(JuteReader reader, ZooKeeperOperation[] operations, ChrootPath chroot)
    {
        var results = new List<ZooKeeperOperationResult>(operations.Length);
        while (true)
        {
            var type = reader.ReadInt();
            var done = reader.ReadBool();
            _ = reader.ReadInt(); // header err; the error record below carries the value
            if (done)
            {
                break;
            }

            var index = results.Count;
            if (index >= operations.Length)
            {
                throw new ZooKeeperProtocolException($"The multi reply has more results than the {operations.Length} operations sent.");
            }

            var kind = operations[index].Kind;
            switch ((OpCode)type)
            {
                case OpCode.Create:
                    results.Add(new ZooKeeperOperationResult(kind, ZooKeeperErrorCode.Ok, chroot.ToClient(reader.ReadString() ?? string.Empty)));
                    break;
                case OpCode.Create2:
                    var created = chroot.ToClient(reader.ReadString() ?? string.Empty);
                    results.Add(new ZooKeeperOperationResult(kind, ZooKeeperErrorCode.Ok, created, StatRecord.Read(reader)));
                    break;
                case OpCode.SetData:
                    results.Add(new ZooKeeperOperationResult(kind, ZooKeeperErrorCode.Ok, Stat: StatRecord.Read(reader)));
                    break;
                case OpCode.Delete:
                case OpCode.Check:
                    results.Add(new ZooKeeperOperationResult(kind, ZooKeeperErrorCode.Ok));
                    break;
                case OpCode.Error:
                    results.Add(new ZooKeeperOperationResult(kind, (ZooKeeperErrorCode)reader.ReadInt()));
                    break;
                default:
                    throw new ZooKeeperProtocolException($"Unexpected result type {type} in a multi reply.");
            }
        }

        return results;
    }

    /// <summary>Throws the typed exception of the operation that made the transaction fail, if any did.</summary>
    public static void ThrowIfFailed(List<ZooKeeperOperationResult> results, ZooKeeperOperation[] operations)
    {
        var failed = results.FindIndex(r => r.Error is not ZooKeeperErrorCode.Ok and not ZooKeeperErrorCode.RuntimeInconsistency);
        if (failed < 0)
        {
            failed = results.FindIndex(r => !r.Succeeded);
        }

        if (failed < 0)
        {
            return;
        }

        var exception = ZooKeeperExceptions.Create(results[failed].Error, operations[failed].Path);
        exception.FailedOperationIndex = failed;
        exception.OperationResults = results;
        throw exception;
    }
}
