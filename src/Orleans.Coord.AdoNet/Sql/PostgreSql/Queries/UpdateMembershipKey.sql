-- Updates a silo row's status, suspicions and liveness and bumps the cluster version, both or
-- neither (one statement). Succeeds only if the cluster version still equals @Version and the
-- row exists. Returns 1 on success, 0 otherwise.
WITH bumped AS (
    UPDATE OrleansCoordMembershipVersion AS v
    SET Version = v.Version + 1, UpdatedOn = now()
    WHERE v.DeploymentId = @DeploymentId
      AND v.Version = @Version
      AND EXISTS (
          SELECT 1 FROM OrleansCoordMembership AS e
          WHERE e.DeploymentId = @DeploymentId
            AND e.Address = @Address AND e.Port = @Port AND e.Generation = @Generation)
    RETURNING v.DeploymentId
), changed AS (
    UPDATE OrleansCoordMembership AS m
    SET Status = @Status, SuspectTimes = @SuspectTimes, IAmAliveTime = @IAmAliveTime
    FROM bumped AS b
    WHERE m.DeploymentId = b.DeploymentId
      AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
    RETURNING 1
)
SELECT count(*)::integer AS Updated FROM changed;
