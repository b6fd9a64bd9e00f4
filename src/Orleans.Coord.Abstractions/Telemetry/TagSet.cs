using System.Diagnostics;

namespace Orleans.Coord.Telemetry;

/// <summary>The tags of one measurement: the primitive, and the name only where <see cref="CoordTelemetryOptions.IncludeNames"/> is on.</summary>
internal readonly struct TagSet(bool includeNames)
{
    public bool IncludeNames { get; } = includeNames;

    public TagList Of(string primitive, string? name)
    {
        var tags = new TagList { { CoordTelemetry.PrimitiveTag, primitive } };
        if (IncludeNames && name is not null)
        {
            tags.Add(CoordTelemetry.NameTag, name);
        }

        return tags;
    }

    public TagList Of(string primitive, string? name, string key, string value)
    {
        var tags = Of(primitive, name);
        tags.Add(key, value);
        return tags;
    }
}
