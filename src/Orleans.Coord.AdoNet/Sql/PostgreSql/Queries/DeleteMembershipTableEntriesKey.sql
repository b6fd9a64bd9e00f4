-- Removes a whole cluster: its silo rows and its version row.
DELETE FROM OrleansCoordMembership WHERE DeploymentId = @DeploymentId;
DELETE FROM OrleansCoordMembershipVersion WHERE DeploymentId = @DeploymentId;
