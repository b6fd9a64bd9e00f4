using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Coord.Chaos;

/// <summary>
/// One line of a chaos run's logs: what a worker or the runner saw, when (Unix milliseconds of the one machine clock).
/// Fields that do not apply to a kind are left out.
/// </summary>
internal sealed record ChaosEvent
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>When, in Unix milliseconds (<see cref="DateTimeOffset.UtcNow"/>).</summary>
    public long T { get; init; }

    /// <summary>What happened: one of <see cref="EventKinds"/>.</summary>
    public string Kind { get; init; } = string.Empty;

    /// <summary>Who logged it: a worker id (<c>w3</c>) or <c>runner</c>.</summary>
    public string Source { get; init; } = string.Empty;

    /// <summary>The coordinator session it happened in.</summary>
    public string? Session { get; init; }

    /// <summary>A worker id or silo index the runner acted on.</summary>
    public string? Target { get; init; }

    /// <summary>A member id (of the worker, or a leader the runner observed).</summary>
    public string? Member { get; init; }

    /// <summary>A fencing token or a term.</summary>
    public long? Token { get; init; }

    /// <summary>A counter value, a count or a duration in milliseconds, by kind.</summary>
    public long? Value { get; init; }

    /// <summary>The type of an error.</summary>
    public string? Error { get; init; }

    /// <summary>A message or a note.</summary>
    public string? Message { get; init; }

    /// <summary>The members of the group the runner observed.</summary>
    public IReadOnlyList<string>? Members { get; init; }

    public static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ChaosEvent? Parse(string line) =>
        string.IsNullOrWhiteSpace(line) ? null : JsonSerializer.Deserialize<ChaosEvent>(line, Json);
}
