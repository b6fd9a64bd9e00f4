namespace Orleans.Coord.Client.Watching;

/// <summary>A <see cref="SharedWatchFeed{TEvent, TSnapshot}"/> as the table of a client's feeds (<see cref="WatchFeeds"/>) sees it, whatever it carries.</summary>
internal interface ISharedWatchFeed
{
    /// <summary>How many watches are attached.</summary>
    int Watches { get; }

    /// <summary>Completes when the feed has ended (never fails).</summary>
    Task Closed { get; }
}
