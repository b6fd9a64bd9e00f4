using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Coord.Server.Telemetry;
using Orleans.Coord.Telemetry;
using Orleans.Runtime;
using Orleans.Storage;

namespace Orleans.Coord.Server.Internal;

/// <summary>
/// Writes grain state with its ETag and enforces rule 2 of docs/design.md: when the write fails, the in-memory state is no
/// longer trusted. It is re-read from storage and the activation deactivates; an
/// <see cref="InconsistentStateException"/> (another activation wrote first) reaches the caller, who retries; any
/// other failure of the storage provider reaches the caller as a <see cref="CoordinationUnavailableException"/>, which
/// the client sends again for calls that are safe to repeat. Each
/// write is timed (<c>orleans.coord.storage.write.duration</c>) and is a span under the grain call that caused it.
/// </summary>
internal static class StateWriter
{
    /// <summary>The silo's instruments as <paramref name="grain"/> sees them (null where none are registered): resolve once per activation.</summary>
    public static ServerInstruments? InstrumentsOf(Grain grain) => grain.GrainContext.ActivationServices.GetService<ServerInstruments>();

    /// <summary>Writes, as <see cref="WriteOrRecoverAsync{T}(IPersistentState{T}, Grain, ServerInstruments?)"/>, with the instruments looked up now.</summary>
    public static Task WriteOrRecoverAsync<T>(this IPersistentState<T> state, Grain grain) => state.WriteOrRecoverAsync(grain, InstrumentsOf(grain));

    /// <summary>Writes the state, timing the write on <paramref name="instruments"/>; see the class summary for a failed write.</summary>
    public static async Task WriteOrRecoverAsync<T>(this IPersistentState<T> state, Grain grain, ServerInstruments? instruments)
    {
        using var activity = CoordActivities.Source.StartActivity("coord storage write");
        activity?.SetTag(CoordTelemetry.BackendTag, instruments?.Backend);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await state.WriteStateAsync();
            instruments?.Written(Stopwatch.GetElapsedTime(started), StorageOutcomes.Ok);
            activity?.SetTag(CoordTelemetry.OutcomeTag, StorageOutcomes.Ok);
        }
        catch (Exception ex)
        {
            var outcome = ex is InconsistentStateException ? StorageOutcomes.Conflict : StorageOutcomes.Error;
            instruments?.Written(Stopwatch.GetElapsedTime(started), outcome);
            activity?.SetTag(CoordTelemetry.OutcomeTag, outcome);
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            grain.DeactivateOnIdleFromHelper();
            try
            {
                await state.ReadStateAsync();
            }
            catch
            {
                // The activation is going away anyway; the original error is the one to report.
            }

            if (ex is InconsistentStateException)
            {
                throw;
            }

            throw new CoordinationUnavailableException(grain.GetGrainId().ToString(), TransportableError.Of(ex, grain.GrainContext.ActivationServices.GetRequiredService<Serialization.Serializer>()));
        }
    }
}
