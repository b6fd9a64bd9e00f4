using Microsoft.Extensions.Logging;
using Orleans.Coord.Validation;

namespace Orleans.Coord.Client.Hosting;

/// <summary>A group the hosted coordinator joins (creating it when missing) in every session, with the same capabilities.</summary>
internal sealed partial class DeclaredMembership : SessionWork
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);
    private readonly byte[] _capabilities;

    public DeclaredMembership(string group, ReadOnlyMemory<byte> capabilities)
    {
        Group = Guard.Name(group, nameof(group));
        Guard.Payload(capabilities.Length, nameof(capabilities));
        _capabilities = capabilities.ToArray();
    }

    public string Group { get; }

    public override string Description => $"join group '{Group}'";

    public override bool CompletesBeforeStart => true;

    public override async Task RunAsync(ICoordinator session, IServiceProvider services, ILogger logger, CancellationToken sessionEnds)
    {
        while (true)
        {
            try
            {
                await session.Groups.JoinOrCreateAsync(Group, _capabilities, sessionEnds);
                return;
            }
            catch (MemberAlreadyJoinedException)
            {
                if (await JoinedByAsync(session, sessionEnds) == session.SessionId)
                {
                    // An earlier attempt of this session took effect.
                    return;
                }

                // The member id is still held by an earlier session (a lost session of this process that the cluster has
                // not expired yet, or another process with the same member id): wait until it lets go.
                LogHeldElsewhere(logger, Group, session.MemberId);
                await Task.Delay(RetryDelay, sessionEnds);
            }
            catch (Exception ex) when (!sessionEnds.IsCancellationRequested && ex is not SessionExpiredException)
            {
                LogJoinFailed(logger, ex, Group);
                await Task.Delay(RetryDelay, sessionEnds);
            }
        }
    }

    private async Task<Guid?> JoinedByAsync(ICoordinator session, CancellationToken cancellationToken)
    {
        try
        {
            return (await session.Groups.GetMemberAsync(Group, session.MemberId, cancellationToken)).SessionId;
        }
        catch (MemberNotJoinedException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} of group {Group} is still held by an earlier session; joining when it ends")]
    private static partial void LogHeldElsewhere(ILogger logger, string group, string memberId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Joining group {Group} failed; trying again")]
    private static partial void LogJoinFailed(ILogger logger, Exception ex, string group);
}
