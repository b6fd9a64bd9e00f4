using Orleans.Coord.Inspection;

namespace Orleans.Coord.Cli.Views;

/// <summary>An election in <c>coord elections --json</c> and <c>coord leader NAME --json</c>; <see cref="Leader"/> is null while nobody leads.</summary>
internal sealed record ElectionView(string Name, LeaderView? Leader, long LastTerm, IReadOnlyList<CandidateView> Candidates)
{
    public static ElectionView From(LeaseQueueInfo info) =>
        new(info.Name, info.Holders.Count > 0 ? LeaderView.From(info.Holders[0]) : null, info.LastToken, CandidateView.From(info.Waiters));
}
