namespace Orleans.Coord.Server.Internal;

/// <summary>Small helpers shared by the coordination grains.</summary>
internal static class GrainExtensions
{
    public static void DeactivateOnIdleFromHelper(this Grain grain) =>
        grain.GrainContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "stale or failed state write"));
}
