using Orleans.Coord.Client.Internal;
using Orleans.Coord.Validation;

using Orleans.Coord.Elections;

namespace Orleans.Coord.Client.Elections;

/// <summary>
/// A won election: a lock handle of the election grain (its fencing token is the term, its Lost the leadership's) plus
/// the leader's value.
/// </summary>
internal sealed class Leadership(ILockHandle handle, ElectionTarget target, SessionContext session) : ILeadership
{
    private volatile byte[] _value = target.Value;

    public string Election => handle.Name;

    public long Term => handle.FencingToken;

    public ReadOnlyMemory<byte> Value => _value;

    public CancellationToken Lost => handle.Lost;

    public Task<bool> ResignAsync(CancellationToken cancellationToken = default) => handle.ReleaseAsync(cancellationToken);

    public async Task ProclaimAsync(ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        Guard.Payload(value.Length, nameof(value));
        var bytes = value.ToArray();
        var requestId = Guid.NewGuid();
        using (var request = session.Requests.Start(target.GrainId))
        {
            await GrainCallRetry.RunRepeatableAsync(
                () => target.Grain.ProclaimAsync(session.SessionId, requestId, request.Order, session.MemberId, Term, bytes), session, cancellationToken);
        }

        _value = bytes;
    }

    public ValueTask DisposeAsync() => handle.DisposeAsync();
}
