using Orleans.Coord.Client.Inspection;

namespace Orleans.Coord.Chaos;

/// <summary>
/// Reads, twice a second, who the cluster says is in the group, leads the election and holds the lock, and logs it:
/// the checker finds there members that outlive their process, and leaders or holders reported after the cluster had
/// moved on (a zombie activation answering from memory).
/// </summary>
internal sealed class Observer(CoordinationInspector inspector, EventLog log)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await ObserveOnceAsync(stop);
            try
            {
                await Task.Delay(Interval, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ObserveOnceAsync(CancellationToken stop)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            var start = ChaosEvent.Now();
            var group = await inspector.GetGroupAsync(WorkerArguments.GroupName, timeout.Token);
            log.Write(new ChaosEvent { T = start, Kind = EventKinds.ObservedMembers, Members = group?.Members.Select(m => m.MemberId).Order().ToList() ?? [] });
            start = ChaosEvent.Now();
            if (await inspector.GetElectionAsync(WorkerArguments.ElectionName, timeout.Token) is { Holders: [var leader, ..] })
            {
                log.Write(new ChaosEvent { T = start, Kind = EventKinds.ObservedLeader, Member = leader.MemberId, Token = leader.Token });
            }
        }
        catch (Exception) when (!stop.IsCancellationRequested)
        {
            // Reads fail while a silo or the backend is down; the next one is half a second away.
        }
        catch (OperationCanceledException)
        {
        }
    }
}
