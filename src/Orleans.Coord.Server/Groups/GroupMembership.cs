using Microsoft.Extensions.Logging;
using Orleans.Coord.Grains;

namespace Orleans.Coord.Server.Groups;

/// <summary>Asks a group grain, from another grain, whether a member belongs to the group through a given session.</summary>
internal static partial class GroupMembership
{
    /// <summary>
    /// Whether <paramref name="memberId"/> is a member of <paramref name="group"/> through <paramref name="sessionId"/>.
    /// With <paramref name="assumeOnError"/>, answers true (and logs) when the group grain cannot be asked; otherwise
    /// that error is thrown.
    /// </summary>
    public static async Task<bool> IsMemberAsync(IGrainFactory grains, string group, string memberId, Guid sessionId, bool assumeOnError, ILogger logger)
    {
        try
        {
            return (await grains.Reference<IGroupGrain>(group).GetMemberAsync(memberId)).SessionId == sessionId;
        }
        catch (Exception ex) when (ex is GroupNotFoundException or MemberNotJoinedException)
        {
            return false;
        }
        catch (Exception ex) when (assumeOnError)
        {
            LogMembershipUnknown(logger, ex, group, memberId);
            return true;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not ask group {Group} whether {MemberId} is a member; assuming it is")]
    private static partial void LogMembershipUnknown(ILogger logger, Exception ex, string group, string memberId);
}
