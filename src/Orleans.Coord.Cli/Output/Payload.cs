using System.Text;
using System.Text.Json;

namespace Orleans.Coord.Cli.Output;

/// <summary>
/// Opaque bytes (capabilities, a leader's value) as a person reads them: JSON when they parse as JSON, UTF-8 text when
/// printable, base64 otherwise.
/// </summary>
/// <param name="Encoding">How <see cref="Text"/> shows the bytes: <c>empty</c>, <c>json</c>, <c>text</c> or <c>base64</c>.</param>
/// <param name="Text">The bytes shown as text (JSON compacted to one line).</param>
/// <param name="Json">The value for JSON output: the parsed JSON itself, or <see cref="Text"/> as a JSON string; null when empty.</param>
internal sealed record Payload(string Encoding, string Text, JsonElement? Json)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads <paramref name="bytes"/>; JSON is recognised only when <paramref name="json"/> is true.</summary>
    public static Payload Of(byte[]? bytes, bool json = true)
    {
        if (bytes is null || bytes.Length == 0)
        {
            return new Payload("empty", "", null);
        }

        if (json && TryJson(bytes) is { } element)
        {
            return new Payload("json", JsonSerializer.Serialize(element), element);
        }

        if (TryText(bytes) is { } text)
        {
            return new Payload("text", text, JsonSerializer.SerializeToElement(text));
        }

        var base64 = Convert.ToBase64String(bytes);
        return new Payload("base64", base64, JsonSerializer.SerializeToElement(base64));
    }

    private static JsonElement? TryJson(byte[] bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? TryText(byte[] bytes)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        return text.Any(c => char.IsControl(c) && c is not '\t') ? null : text;
    }
}
