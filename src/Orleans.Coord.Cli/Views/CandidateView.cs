using Orleans.Coord.Cli.Output;
using Orleans.Coord.Inspection;

namespace Orleans.Coord.Cli.Views;

/// <summary>A waiting candidate, with its place in line (1 = next) and the value it campaigns with.</summary>
internal sealed record CandidateView(int Position, string MemberId, Guid SessionId, string? Value, string ValueEncoding)
{
    public static IReadOnlyList<CandidateView> From(IEnumerable<LeaseWaiterInfo> waiters) =>
        waiters.Select((w, i) =>
        {
            var value = Payload.Of(w.Value, json: false);
            return new CandidateView(i + 1, w.MemberId, w.SessionId, value.Json is null ? null : value.Text, value.Encoding);
        }).ToList();
}
