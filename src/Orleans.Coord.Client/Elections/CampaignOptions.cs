using Orleans.Coord.Elections;

namespace Orleans.Coord.Client;

/// <summary>Options of one campaign.</summary>
public sealed class CampaignOptions
{
    /// <summary>
    /// When set, the election is tied to this group (Tooz's <c>watch_elected_as_leader(group)</c>): the session must be a
    /// member of the group when it campaigns (otherwise <see cref="MemberNotJoinedException"/>), a waiting candidate that
    /// has left the group by its turn is passed over (its campaign then fails with <see cref="MemberNotJoinedException"/>),
    /// and a leader that leaves the group loses the leadership ("left group") within about half a second. The election
    /// grain checks the membership itself, through the group grain; all candidates of one election should use the same
    /// group. Null (the default) means any session may campaign.
    /// </summary>
    public string? Group { get; set; }
}
