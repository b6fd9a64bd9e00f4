-- Refreshes a silo's liveness timestamp. Not versioned: Orleans does not check the outcome.
UPDATE OrleansCoordMembership
SET IAmAliveTime = @IAmAliveTime
WHERE DeploymentId = @DeploymentId
  AND Address = @Address AND Port = @Port AND Generation = @Generation;
