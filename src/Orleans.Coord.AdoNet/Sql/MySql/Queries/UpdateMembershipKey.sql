-- Updates a silo row's status, suspicions and liveness and bumps the cluster version in one
-- multi-table UPDATE, so both change or neither. Succeeds only if the cluster version still
-- equals @Version and the row exists. Returns 1 on success, 0 otherwise. (The version always
-- changes, so ROW_COUNT() is positive on success whether the connection counts found or
-- changed rows.)
UPDATE OrleansCoordMembershipVersion AS v
INNER JOIN OrleansCoordMembership AS m
        ON m.DeploymentId = v.DeploymentId
       AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
SET v.Version = v.Version + 1,
    v.UpdatedOn = UTC_TIMESTAMP(3),
    m.Status = @Status,
    m.SuspectTimes = @SuspectTimes,
    m.IAmAliveTime = @IAmAliveTime
WHERE v.DeploymentId = @DeploymentId AND v.Version = @Version;
SELECT CASE WHEN ROW_COUNT() > 0 THEN 1 ELSE 0 END AS Updated;
