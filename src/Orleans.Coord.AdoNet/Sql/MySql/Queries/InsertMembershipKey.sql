-- Adds a silo row and bumps the cluster version, both or neither; returns 1 on success, else 0.
CALL OrleansCoord_InsertMembership(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
    @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version);
