namespace Orleans.Coord.Server.Telemetry;

/// <summary>A group's activation as the members gauge reads it.</summary>
internal interface ILiveGroup
{
    string Name { get; }

    int MemberCount { get; }
}
