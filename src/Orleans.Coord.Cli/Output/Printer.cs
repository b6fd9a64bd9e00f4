using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Coord.Cli.Output;

/// <summary>Where a command prints: a human table, or JSON (<c>--json</c>).</summary>
internal sealed class Printer(TextWriter output, bool json)
{
    private static readonly JsonSerializerOptions Compact = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    private static readonly JsonSerializerOptions Indented = new(Compact) { WriteIndented = true };

    /// <summary>Whether to print JSON.</summary>
    public bool Json { get; } = json;

    /// <summary>The output itself, for tables and lines.</summary>
    public TextWriter Out { get; } = output;

    /// <summary>Whether live views may colour their lines: a terminal, not JSON, and NO_COLOR unset.</summary>
    public bool Colour => !Json && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null or "";

    /// <summary>One JSON document (indented), for a command that prints one thing.</summary>
    public void Document<T>(T value) => Out.WriteLine(JsonSerializer.Serialize(value, Indented));

    /// <summary>One JSON object on one line, flushed at once: a live view's event.</summary>
    public void JsonLine<T>(T value)
    {
        Out.WriteLine(JsonSerializer.Serialize(value, Compact));
        Out.Flush();
    }

    /// <summary>A JSON array written element by element as a listing yields them.</summary>
    public JsonArrayWriter Array() => new(Out, Compact);

    /// <summary>A table with these column headers, printed in pages as rows come.</summary>
    public TableWriter Table(params string[] headers) => new(Out, headers);

    /// <summary>
    /// Prints a listing as it streams: with <c>--json</c> a JSON array of each item's <paramref name="view"/>, else a
    /// table with <paramref name="headers"/> whose rows <paramref name="rows"/> writes for each item.
    /// </summary>
    public async Task ListAsync<T, TView>(IAsyncEnumerable<T> items, Func<T, TView> view, string[] headers, Action<TableWriter, T> rows)
    {
        if (Json)
        {
            using var array = Array();
            await foreach (var item in items)
            {
                array.Add(view(item));
            }

            return;
        }

        using var table = Table(headers);
        await foreach (var item in items)
        {
            rows(table, item);
        }
    }
}
