using System.Text.Json;

namespace Orleans.Coord.Cli.Output;

/// <summary>
/// Streams a JSON array: <c>[</c> at once, then each element on its own line as it comes, then <c>]</c> on
/// <see cref="Dispose"/>. The whole is one valid JSON document.
/// </summary>
internal sealed class JsonArrayWriter : IDisposable
{
    private readonly TextWriter _out;
    private readonly JsonSerializerOptions _options;
    private bool _any;

    public JsonArrayWriter(TextWriter output, JsonSerializerOptions options)
    {
        _out = output;
        _options = options;
        _out.Write('[');
    }

    public void Add<T>(T element)
    {
        _out.Write(_any ? ",\n  " : "\n  ");
        _out.Write(JsonSerializer.Serialize(element, _options));
        _out.Flush();
        _any = true;
    }

    public void Dispose()
    {
        _out.WriteLine(_any ? "\n]" : "]");
        _out.Flush();
    }
}
