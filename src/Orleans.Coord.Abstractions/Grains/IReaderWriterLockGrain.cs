namespace Orleans.Coord.Grains;

/// <summary>
/// A reader-writer lock keyed by its name: readers share it, a writer holds it alone. A reader takes one permit and a
/// writer all of them (<see cref="ReaderWriterPermits.Capacity"/>). Events go to
/// <see cref="CoordConstants.ReaderWriterLockStreamNamespace"/>.
/// </summary>
public interface IReaderWriterLockGrain : IPermitGrain, IGrainWithStringKey
{
}
