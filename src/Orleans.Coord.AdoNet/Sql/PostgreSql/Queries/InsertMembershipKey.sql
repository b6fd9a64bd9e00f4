-- Adds a silo row and bumps the cluster version, both or neither (one statement).
-- Succeeds only if the cluster version still equals @Version and the row does not exist yet.
-- Returns 1 on success, 0 otherwise.
WITH bumped AS (
    UPDATE OrleansCoordMembershipVersion AS v
    SET Version = v.Version + 1, UpdatedOn = now()
    WHERE v.DeploymentId = @DeploymentId
      AND v.Version = @Version
      AND NOT EXISTS (
          SELECT 1 FROM OrleansCoordMembership AS e
          WHERE e.DeploymentId = @DeploymentId
            AND e.Address = @Address AND e.Port = @Port AND e.Generation = @Generation)
    RETURNING v.DeploymentId
), added AS (
    INSERT INTO OrleansCoordMembership
        (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
    SELECT b.DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
    FROM bumped AS b
    RETURNING 1
)
SELECT count(*)::integer AS Inserted FROM added;
