using System.Text;
using Orleans.Coord.ZooKeeper.Internal;
using Orleans.Coord.ZooKeeper.Protocol;

namespace Orleans.Coord.ZooKeeper.Watches;

/// <summary>
/// Re-registers the session's watches on a new connection with SetWatches requests carrying the last zxid seen, so the
/// server also fires, at once, the watches whose nodes changed while the client was away. Large watch sets are split
/// into several requests to stay well below the server's packet limit.
/// </summary>
internal static class WatchRearmer
{
    /// <summary>Largest SetWatches body sent at once.</summary>
    internal const int BatchBytes = 128 * 1024;

    /// <summary>Sends the SetWatches requests; returns the number of watched paths.</summary>
    public static async Task<int> SendAsync(ServerConnection connection, WatchManager watches, ChrootPath chroot, long relativeZxid)
    {
        var (data, exist, child) = watches.Snapshot();
        var total = data.Count + exist.Count + child.Count;
        if (total == 0)
        {
            return 0;
        }

        var batch = new[] { new List<string>(), new List<string>(), new List<string>() };
        var batchBytes = 0;
        var tables = new[] { data, exist, child };
        for (var table = 0; table < tables.Length; table++)
        {
            foreach (var path in tables[table])
            {
                var serverPath = chroot.ToServer(path);
                var size = Encoding.UTF8.GetByteCount(serverPath) + 4;
                if (batchBytes > 0 && batchBytes + size > BatchBytes)
                {
                    await FlushAsync(connection, relativeZxid, batch, batchBytes).ConfigureAwait(false);
                    batchBytes = 0;
                }

                batch[table].Add(serverPath);
                batchBytes += size;
            }
        }

        await FlushAsync(connection, relativeZxid, batch, batchBytes).ConfigureAwait(false);
        return total;
    }

    private static async Task FlushAsync(ServerConnection connection, long relativeZxid, List<string>[] batch, int batchBytes)
    {
        if (batchBytes == 0)
        {
            return;
        }

        var writer = new JuteWriter(batchBytes + 64);
        Requests.WriteSetWatches(writer, relativeZxid, batch[0], batch[1], batch[2]);
        await connection.SendSpecialAsync(Xids.SetWatches, OpCode.SetWatches, writer.ToArray()).ConfigureAwait(false);
        foreach (var list in batch)
        {
            list.Clear();
        }
    }
}
