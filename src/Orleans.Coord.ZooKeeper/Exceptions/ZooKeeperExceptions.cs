namespace Orleans.Coord.ZooKeeper;

/// <summary>Maps protocol error codes to the typed exceptions.</summary>
internal static class ZooKeeperExceptions
{
    public static ZooKeeperException Create(ZooKeeperErrorCode code, string? path) => code switch
    {
        ZooKeeperErrorCode.NoNode => new NoNodeException(path),
        ZooKeeperErrorCode.NodeExists => new NodeExistsException(path),
        ZooKeeperErrorCode.BadVersion => new BadVersionException(path),
        ZooKeeperErrorCode.NotEmpty => new NotEmptyException(path),
        ZooKeeperErrorCode.NoChildrenForEphemerals => new NoChildrenForEphemeralsException(path),
        ZooKeeperErrorCode.SessionExpired => new SessionExpiredException(path),
        ZooKeeperErrorCode.ConnectionLoss => new ConnectionLossException(path),
        _ => new GenericZooKeeperException(code, path),
    };

    public static ZooKeeperException Create(int code, string? path) => Create((ZooKeeperErrorCode)code, path);
}
