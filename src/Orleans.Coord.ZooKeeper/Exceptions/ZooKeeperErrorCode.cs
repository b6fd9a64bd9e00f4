namespace Orleans.Coord.ZooKeeper;

/// <summary>Error codes of the ZooKeeper protocol (the values of <c>KeeperException.Code</c>).</summary>
public enum ZooKeeperErrorCode
{
    /// <summary>No error.</summary>
    Ok = 0,

    /// <summary>A server-side system error.</summary>
    SystemError = -1,

    /// <summary>A runtime inconsistency; inside a multi, an operation that was rolled back because another one failed.</summary>
    RuntimeInconsistency = -2,

    /// <summary>A data inconsistency was found.</summary>
    DataInconsistency = -3,

    /// <summary>The connection to the server was lost; the outcome of an in-flight request is unknown.</summary>
    ConnectionLoss = -4,

    /// <summary>Error while marshalling or unmarshalling data.</summary>
    MarshallingError = -5,

    /// <summary>The operation is not implemented.</summary>
    Unimplemented = -6,

    /// <summary>The operation timed out.</summary>
    OperationTimeout = -7,

    /// <summary>Invalid arguments.</summary>
    BadArguments = -8,

    /// <summary>The session is not known to the server.</summary>
    UnknownSession = -12,

    /// <summary>No quorum of the new configuration is connected and up to date.</summary>
    NewConfigNoQuorum = -13,

    /// <summary>Another reconfiguration is in progress.</summary>
    ReconfigInProgress = -14,

    /// <summary>API error (base value of the API errors).</summary>
    ApiError = -100,

    /// <summary>The node does not exist.</summary>
    NoNode = -101,

    /// <summary>Not authorised.</summary>
    NoAuth = -102,

    /// <summary>The expected version does not match the node's version.</summary>
    BadVersion = -103,

    /// <summary>Ephemeral nodes may not have children.</summary>
    NoChildrenForEphemerals = -108,

    /// <summary>The node already exists.</summary>
    NodeExists = -110,

    /// <summary>The node has children.</summary>
    NotEmpty = -111,

    /// <summary>The session has expired.</summary>
    SessionExpired = -112,

    /// <summary>Invalid callback.</summary>
    InvalidCallback = -113,

    /// <summary>Invalid ACL.</summary>
    InvalidAcl = -114,

    /// <summary>Client authentication failed.</summary>
    AuthFailed = -115,

    /// <summary>The session moved to another server.</summary>
    SessionMoved = -118,

    /// <summary>A state-changing request was sent to a read-only server.</summary>
    NotReadOnly = -119,

    /// <summary>An ephemeral node was requested on a local session.</summary>
    EphemeralOnLocalSession = -120,

    /// <summary>The watcher could not be found.</summary>
    NoWatcher = -121,

    /// <summary>The request timed out on the server.</summary>
    RequestTimeout = -122,

    /// <summary>Dynamic reconfiguration is disabled.</summary>
    ReconfigDisabled = -123,

    /// <summary>The session was closed because SASL authentication is required.</summary>
    SessionClosedRequireSaslAuth = -124,

    /// <summary>A quota was exceeded.</summary>
    QuotaExceeded = -125,

    /// <summary>The server throttled the request.</summary>
    Throttled = -127,
}
