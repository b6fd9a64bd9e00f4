using Orleans.Coord.Cli.Output;
using Orleans.Coord.Inspection;
using Orleans.Coord.Sessions;

namespace Orleans.Coord.Cli.Views;

/// <summary>A session in <c>coord sessions --json</c>, with the groups, locks and elections it has used.</summary>
internal sealed record SessionView(
    Guid SessionId,
    string MemberId,
    double TtlSeconds,
    SessionStatus Status,
    DateTimeOffset StartedAt,
    double AgeSeconds,
    DateTimeOffset LastHeartbeatAt,
    double LastHeartbeatAgeSeconds,
    IReadOnlyList<SessionResource> Resources)
{
    public static SessionView From(SessionInfo session) => new(
        session.SessionId,
        session.MemberId,
        session.Ttl.TotalSeconds,
        session.Status,
        session.StartedAt,
        Age.Seconds(Age.Since(session.StartedAt)),
        session.LastHeartbeatAt,
        Age.Seconds(Age.Since(session.LastHeartbeatAt)),
        session.Resources);
}
