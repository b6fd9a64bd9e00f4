using System.Text;
using Orleans.Coord.Grains;
using Orleans.Coord.Tests.Infrastructure;

namespace Orleans.Coord.Tests.Elections;

/// <summary>Small helpers of the election tests.</summary>
internal static class ElectionTestHelpers
{
    public static readonly TimeSpan Long = TimeSpan.FromSeconds(20);

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    public static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    public static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>Waits until <paramref name="count"/> candidates wait in line (so that the next campaign queues behind them).</summary>
    public static Task WaitForCandidatesAsync(IClusterClient client, string election, int count) =>
        Poll.UntilAsync(
            async () => (await client.GetGrain<IElectionGrain>(election).GetSnapshotAsync()).Candidates == count,
            Long,
            $"{count} candidate(s) wait in election {election}");
}
