using Orleans.Runtime;

namespace Orleans.Coord.Server.Sessions;

/// <summary>
/// A session grain's in-memory copy of its record of attached grains: on which page (<see cref="SessionResourcePageGrain"/>)
/// each grain is recorded and how full each page is, so that an attach fills the pages that pruning left with room and
/// a prune rewrites only the pages it changes. Read from the pages by an activation's first attach; dropped (and read
/// again) when a page write fails, since the pages may then hold more or less than the copy.
/// </summary>
internal sealed class SessionRecord
{
    private readonly Dictionary<GrainId, int> _pageOf = [];
    private readonly List<int> _fill = [];

    /// <summary>How many grains are recorded.</summary>
    public int Count => _pageOf.Count;

    /// <summary>How many pages there are (the session's <see cref="SessionState.Pages"/>).</summary>
    public int Pages => _fill.Count;

    /// <summary>The recorded grains.</summary>
    public IReadOnlyCollection<GrainId> Grains => _pageOf.Keys;

    /// <summary>The record as the pages hold it, page 0 first.</summary>
    public static SessionRecord Of(IReadOnlyList<GrainId>[] pages)
    {
        var record = new SessionRecord();
        for (var page = 0; page < pages.Length; page++)
        {
            record._fill.Add(0);
            record.Add(page, pages[page]);
        }

        return record;
    }

    /// <summary>Whether <paramref name="grain"/> is recorded.</summary>
    public bool Contains(GrainId grain) => _pageOf.ContainsKey(grain);

    /// <summary>Adds an empty page at the end.</summary>
    public void AddPage() => _fill.Add(0);

    /// <summary>The first page with room for another grain, or -1 when every page is full.</summary>
    public int PageWithRoom() => _fill.FindIndex(f => f < SessionResourcePageGrain.PageSize);

    /// <summary>How many more grains <paramref name="page"/> takes.</summary>
    public int RoomOn(int page) => Math.Max(0, SessionResourcePageGrain.PageSize - _fill[page]);

    /// <summary>Records that <paramref name="grains"/> were stored on <paramref name="page"/> (grains already recorded are skipped).</summary>
    public void Add(int page, IEnumerable<GrainId> grains)
    {
        foreach (var grain in grains)
        {
            if (_pageOf.TryAdd(grain, page))
            {
                _fill[page]++;
            }
        }
    }

    /// <summary>The recorded ones of <paramref name="grains"/>, grouped by the page that records them.</summary>
    public (int Page, GrainId[] Grains)[] ByPage(IEnumerable<GrainId> grains) =>
        grains.Where(_pageOf.ContainsKey).GroupBy(g => _pageOf[g]).Select(g => (g.Key, g.ToArray())).ToArray();

    /// <summary>Records that <paramref name="grains"/> were removed from their pages.</summary>
    public void Remove(IEnumerable<GrainId> grains)
    {
        foreach (var grain in grains)
        {
            if (_pageOf.Remove(grain, out var page))
            {
                _fill[page]--;
            }
        }
    }
}
