-- The cluster version repeated on every silo row (one row with NULL columns when there is none).
SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status,
       m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
FROM OrleansCoordMembershipVersion AS v
LEFT JOIN OrleansCoordMembership AS m ON m.DeploymentId = v.DeploymentId
WHERE v.DeploymentId = @DeploymentId;
