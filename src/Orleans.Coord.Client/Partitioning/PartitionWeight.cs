using System.Text.Json;

namespace Orleans.Coord.Client.Partitioning;

/// <summary>The <c>{"weight": w}</c> capabilities a partitioned member joins with, and how a member's weight is read.</summary>
internal static class PartitionWeight
{
    private const string Property = "weight";

    public static byte[] ToCapabilities(int weight) =>
        JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, int> { [Property] = weight });

    /// <summary>
    /// The integer <c>weight</c> of a JSON object, clamped to 1 to <see cref="PartitionLimits.MaxWeight"/>; 1 when the
    /// capabilities are empty, not a JSON object, or have no integer weight.
    /// </summary>
    public static int Read(ReadOnlySpan<byte> capabilities)
    {
        if (capabilities.IsEmpty)
        {
            return 1;
        }

        try
        {
            var reader = new Utf8JsonReader(capabilities);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return 1;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isWeight = reader.ValueTextEquals(Property);
                if (!reader.Read())
                {
                    return 1;
                }

                if (isWeight)
                {
                    return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var weight)
                        ? (int)Math.Clamp(weight, 1, PartitionLimits.MaxWeight)
                        : 1;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }

        return 1;
    }
}
