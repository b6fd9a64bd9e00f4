using Orleans.Runtime;

namespace Orleans.Coord.Server.Internal;

/// <summary>
/// Writes grain state with its ETag and enforces rule 2 of docs/design.md: when the write fails, the in-memory state is no
/// longer trusted. It is re-read from storage and the activation deactivates; an
/// <see cref="Orleans.Storage.InconsistentStateException"/> (another activation wrote first) reaches the caller, who retries.
/// </summary>
internal static class StateWriter
{
    public static async Task WriteOrRecoverAsync<T>(this IPersistentState<T> state, Grain grain)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            grain.DeactivateOnIdleFromHelper();
            try
            {
                await state.ReadStateAsync();
            }
            catch
            {
                // The activation is going away anyway; the original error is the one to report.
            }

            throw;
        }
    }
}
