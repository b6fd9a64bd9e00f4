namespace Orleans.Coord.Client.Hosting;

/// <summary>
/// The leadership handed to declared leader work: the session's own <see cref="ILeadership"/>, except that resigning
/// (or disposing) also cancels the work's token, so the token fires on loss, on resignation and on host stop alike.
/// </summary>
internal sealed class ServedLeadership(ILeadership leadership, CancellationTokenSource whileLeading) : ILeadership
{
    public string Election => leadership.Election;

    public long Term => leadership.Term;

    public ReadOnlyMemory<byte> Value => leadership.Value;

    public CancellationToken Lost => leadership.Lost;

    public async Task<bool> ResignAsync(CancellationToken cancellationToken = default)
    {
        Stop();
        return await leadership.ResignAsync(cancellationToken);
    }

    public Task ProclaimAsync(ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default) =>
        leadership.ProclaimAsync(value, cancellationToken);

    public ValueTask DisposeAsync()
    {
        Stop();
        return leadership.DisposeAsync();
    }

    private void Stop()
    {
        try
        {
            whileLeading.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
