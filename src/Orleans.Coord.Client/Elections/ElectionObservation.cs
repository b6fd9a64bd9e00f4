using Orleans.Coord.Client.Internal;
using Orleans.Coord.Client.Watching;
using Orleans.Coord.Elections;
using Orleans.Coord.Grains;

namespace Orleans.Coord.Client.Elections;

/// <summary>One observation of an election: the versioned watch of the election grain.</summary>
internal sealed class ElectionObservation(SessionContext session, string election)
    : VersionedWatch<ElectionEvent, ElectionSnapshot>(
        session,
        session.Grains.Reference<IElectionGrain>(election),
        CoordConstants.ElectionStreamNamespace,
        Orleans.Coord.Telemetry.CoordTelemetry.Primitives.Election,
        e => e.Version,
        snapshot => new ElectionView(snapshot),
        _ => false),
    IElectionObservation
{
    public string Election => election;
}
