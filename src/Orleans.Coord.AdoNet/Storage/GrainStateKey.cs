namespace Orleans.Coord.AdoNet.Storage;

/// <summary>Which row of <c>OrleansCoordGrainState</c> holds a grain state: the service, the state's name and the grain id as text.</summary>
internal readonly record struct GrainStateKey(string ServiceId, string StateName, string GrainId);
