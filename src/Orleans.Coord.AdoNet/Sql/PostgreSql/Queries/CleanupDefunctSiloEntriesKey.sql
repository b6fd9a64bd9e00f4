-- Deletes rows of dead silos (SiloStatus.Dead = 6) whose last liveness update is older than
-- @IAmAliveTime. Rows of live or joining silos are never removed here.
DELETE FROM OrleansCoordMembership
WHERE DeploymentId = @DeploymentId
  AND Status = 6
  AND IAmAliveTime < @IAmAliveTime;
