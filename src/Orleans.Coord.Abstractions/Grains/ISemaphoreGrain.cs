namespace Orleans.Coord.Grains;

/// <summary>
/// A counting semaphore keyed by its name: at most <c>capacity</c> (the semaphore's max count) holders at a time, each
/// taking one permit. Events go to <see cref="CoordConstants.SemaphoreStreamNamespace"/> when the silo turns lock
/// streams on (<c>CoordLockOptions.PublishEvents</c>).
/// </summary>
public interface ISemaphoreGrain : IPermitGrain, IGrainWithStringKey
{
}
