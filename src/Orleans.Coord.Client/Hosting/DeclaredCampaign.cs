using Microsoft.Extensions.Logging;
using Orleans.Coord.Validation;

namespace Orleans.Coord.Client.Hosting;

/// <summary>
/// An election the hosted coordinator runs for in every session, with work that runs only while this process leads
/// (in the style of Curator's <c>LeaderSelector</c> with requeueing). The work's token fires when the leadership is
/// lost, when the work resigns, and when the host stops. When the work returns, the coordinator resigns and campaigns
/// again (behind any other candidates); when it throws, the error is logged and the coordinator resigns, waits a
/// second and campaigns again.
/// </summary>
internal sealed partial class DeclaredCampaign : SessionWork
{
    private static readonly TimeSpan AfterFailure = TimeSpan.FromSeconds(1);
    private readonly byte[] _value;
    private readonly CampaignOptions _options;
    private readonly Func<IServiceProvider, Func<ILeadership, CancellationToken, Task>> _work;

    public DeclaredCampaign(string election, ReadOnlyMemory<byte> value, CampaignOptions? options, Func<IServiceProvider, Func<ILeadership, CancellationToken, Task>> work)
    {
        Election = Guard.Name(election, nameof(election));
        Guard.Payload(value.Length, nameof(value));
        if (options?.Group is { } group)
        {
            Guard.Name(group, $"{nameof(options)}.{nameof(CampaignOptions.Group)}");
        }

        ArgumentNullException.ThrowIfNull(work);
        _value = value.ToArray();
        _options = options ?? new CampaignOptions();
        _work = work;
    }

    public string Election { get; }

    public override string Description => $"campaign in election '{Election}'";

    public override bool CompletesBeforeStart => false;

    public override async Task RunAsync(ICoordinator session, IServiceProvider services, ILogger logger, CancellationToken sessionEnds)
    {
        var work = _work(services);
        while (!sessionEnds.IsCancellationRequested)
        {
            ILeadership leadership;
            try
            {
                leadership = await session.Elections.CampaignAsync(Election, _value, _options, sessionEnds);
            }
            catch (Exception ex) when (sessionEnds.IsCancellationRequested || ex is SessionExpiredException)
            {
                return;
            }
            catch (Exception ex)
            {
                LogCampaignFailed(logger, ex, Election);
                await Task.Delay(AfterFailure, sessionEnds).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            if (!await LeadAsync(leadership, work, logger, sessionEnds))
            {
                await Task.Delay(AfterFailure, sessionEnds).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Runs the work while leading; returns false when it threw.</summary>
    private async Task<bool> LeadAsync(ILeadership leadership, Func<ILeadership, CancellationToken, Task> work, ILogger logger, CancellationToken sessionEnds)
    {
        using var whileLeading = CancellationTokenSource.CreateLinkedTokenSource(leadership.Lost, sessionEnds);
        var served = new ServedLeadership(leadership, whileLeading);
        LogLeading(logger, Election, leadership.Term);
        var succeeded = true;
        try
        {
            await work(served, whileLeading.Token);
        }
        catch (OperationCanceledException) when (whileLeading.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            succeeded = false;
            LogWorkFailed(logger, ex, Election, leadership.Term);
        }
        finally
        {
            whileLeading.Cancel();
        }

        if (!leadership.Lost.IsCancellationRequested)
        {
            // Hand the election on: after returning work, after failed work, and on host stop. The session's own
            // release covers a resignation that fails here.
            try
            {
                await leadership.ResignAsync(CancellationToken.None);
            }
            catch (Exception ex)
            {
                LogResignFailed(logger, ex, Election, leadership.Term);
            }
        }

        LogNoLongerLeading(logger, Election, leadership.Term, leadership.Lost.IsCancellationRequested ? "lost" : "resigned");
        return succeeded;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Leading election {Election} in term {Term}")]
    private static partial void LogLeading(ILogger logger, string election, long term);

    [LoggerMessage(Level = LogLevel.Information, Message = "No longer leading election {Election} (term {Term}, {How})")]
    private static partial void LogNoLongerLeading(ILogger logger, string election, long term, string how);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Campaign in election {Election} failed; trying again")]
    private static partial void LogCampaignFailed(ILogger logger, Exception ex, string election);

    [LoggerMessage(Level = LogLevel.Error, Message = "Leader work of election {Election} failed in term {Term}; resigning and campaigning again")]
    private static partial void LogWorkFailed(ILogger logger, Exception ex, string election, long term);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Resigning election {Election} (term {Term}) failed; the session's end releases it")]
    private static partial void LogResignFailed(ILogger logger, Exception ex, string election, long term);
}
