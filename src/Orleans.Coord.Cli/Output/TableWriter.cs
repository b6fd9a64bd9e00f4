namespace Orleans.Coord.Cli.Output;

/// <summary>
/// A plain-text table that streams: rows are printed in pages of <see cref="PageSize"/> (and the rest on
/// <see cref="Dispose"/>), each page aligned to the widest value seen so far, so a long listing starts at once and
/// names are never cut.
/// </summary>
internal sealed class TableWriter : IDisposable
{
    /// <summary>How many rows are held before they are printed.</summary>
    public const int PageSize = 100;

    private const string Gap = "  ";

    private readonly TextWriter _out;
    private readonly string[] _headers;
    private readonly int[] _widths;
    private readonly List<string[]> _page = [];
    private bool _headerPrinted;

    public TableWriter(TextWriter output, string[] headers)
    {
        _out = output;
        _headers = headers;
        _widths = headers.Select(h => h.Length).ToArray();
    }

    /// <summary>How many rows were added.</summary>
    public int Count { get; private set; }

    public void Row(params string[] values)
    {
        if (values.Length != _headers.Length)
        {
            throw new ArgumentException($"A row has {values.Length} values for {_headers.Length} columns.", nameof(values));
        }

        _page.Add(values);
        Count++;
        if (_page.Count >= PageSize)
        {
            Flush();
        }
    }

    public void Dispose() => Flush();

    private void Flush()
    {
        foreach (var row in _page)
        {
            for (var i = 0; i < row.Length; i++)
            {
                _widths[i] = Math.Max(_widths[i], row[i].Length);
            }
        }

        if (!_headerPrinted)
        {
            Print(_headers);
            _headerPrinted = true;
        }

        foreach (var row in _page)
        {
            Print(row);
        }

        _page.Clear();
        _out.Flush();
    }

    private void Print(string[] values)
    {
        var cells = values.Select((v, i) => i == values.Length - 1 ? v : v.PadRight(_widths[i]));
        _out.WriteLine(string.Join(Gap, cells).TrimEnd());
    }
}
