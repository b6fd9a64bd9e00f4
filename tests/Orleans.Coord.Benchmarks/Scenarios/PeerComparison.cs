namespace Orleans.Coord.Benchmarks.Scenarios;

/// <summary>
/// Runs one scenario for Orleans.Coord and its peers and adds to each of Orleans.Coord's result lines the comparison
/// with the peer measured in the same run: <c>peer</c> (the peer's system), <c>ratio_to_peer</c> (ours divided by the
/// peer's figure, 3 decimals) and <c>ratio_of</c> (which figure). For a latency below 1 is better than the peer, for a
/// rate above 1. Without a peer, or when either figure is missing, the fields are null. Lines of other scenarios that
/// the run emits meanwhile (the floors among lock_uncontended's turns) are left as they are.
/// </summary>
internal static class PeerComparison
{
    public static async Task RunAsync(
        string scenarioName, IReadOnlyCollection<string> peerSystems, string figure, Func<BenchmarkResult, double?> figureOf, Func<Task> scenario)
    {
        ScenarioContext.Hold();
        try
        {
            await scenario();
        }
        finally
        {
            ScenarioContext.Release(results =>
            {
                var compared = results.Where(r => r.Scenario == scenarioName).ToArray();
                var peer = compared.FirstOrDefault(r => peerSystems.Contains(r.System) && r.Error is null);
                foreach (var ours in compared.Where(r => !peerSystems.Contains(r.System)))
                {
                    var (mine, theirs) = (figureOf(ours), peer is null ? null : figureOf(peer));
                    ours.Extra["peer"] = peer?.System;
                    ours.Extra["ratio_to_peer"] = mine is { } m && theirs is { } t && t > 0 ? Math.Round(m / t, 3) : null;
                    ours.Extra["ratio_of"] = figure;
                }
            });
        }
    }

    /// <summary>The median latency of a result.</summary>
    public static double? P50(BenchmarkResult result) => result.Latencies.Percentile(50);

    /// <summary>The handoffs per second of a lock_contended result.</summary>
    public static double? HandoffsPerSecond(BenchmarkResult result) =>
        result.Extra.TryGetValue("handoffs_per_s", out var value) && value is double rate ? rate : null;
}
