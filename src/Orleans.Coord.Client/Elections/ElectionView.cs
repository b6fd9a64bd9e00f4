using Orleans.Coord.Elections;

using Orleans.Coord.Client.Watching;

namespace Orleans.Coord.Client.Elections;

/// <summary>An observer's local copy of an election's leader, kept at one version, and the difference to a newer snapshot.</summary>
internal sealed class ElectionView(ElectionSnapshot snapshot) : IWatchView<ElectionEvent, ElectionSnapshot>
{
    private (string MemberId, Guid SessionId, long Term, byte[] Value)? _leader =
        snapshot.Leader is { } l ? (l.MemberId, l.SessionId, l.Term, l.Value) : null;

    public long Version { get; private set; } = snapshot.Version;

    /// <summary>Applies the event whose version is <see cref="Version"/> + 1.</summary>
    public void Apply(ElectionEvent e)
    {
        switch (e.Kind)
        {
            case ElectionEventKind.Elected:
                _leader = (e.MemberId, e.SessionId, e.Term, e.Value);
                break;
            case ElectionEventKind.ValueChanged when _leader is { } current && current.Term == e.Term:
                _leader = current with { Value = e.Value };
                break;
            case ElectionEventKind.Resigned or ElectionEventKind.Lost or ElectionEventKind.Expired when _leader?.Term == e.Term:
                _leader = null;
                break;
        }

        Version = e.Version;
    }

    /// <summary>
    /// Moves the view to <paramref name="newer"/> and returns the changes in between as resync events carrying the
    /// snapshot's version: the old leader's loss, the new leader's election, or a changed value.
    /// </summary>
    public IReadOnlyList<ElectionEvent> MoveTo(ElectionSnapshot newer, DateTimeOffset now)
    {
        var changes = new List<ElectionEvent>();
        var next = newer.Leader;
        if (_leader is { } old && (next is null || next.Term != old.Term))
        {
            changes.Add(new ElectionEvent(newer.Election, old.MemberId, old.SessionId, ElectionEventKind.Lost, "resync", old.Term, old.Value, newer.Version, now, IsResync: true));
        }

        if (next is not null)
        {
            if (_leader?.Term != next.Term)
            {
                changes.Add(new ElectionEvent(newer.Election, next.MemberId, next.SessionId, ElectionEventKind.Elected, "resync", next.Term, next.Value, newer.Version, next.ElectedAt, IsResync: true));
            }
            else if (!_leader.Value.Value.AsSpan().SequenceEqual(next.Value))
            {
                changes.Add(new ElectionEvent(newer.Election, next.MemberId, next.SessionId, ElectionEventKind.ValueChanged, "resync", next.Term, next.Value, newer.Version, now, IsResync: true));
            }
        }

        _leader = next is null ? null : (next.MemberId, next.SessionId, next.Term, next.Value);
        Version = newer.Version;
        return changes;
    }
}
