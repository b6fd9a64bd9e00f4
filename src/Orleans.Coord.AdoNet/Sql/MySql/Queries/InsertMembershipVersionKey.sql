-- Creates the cluster's version row if it is missing. Returns 1 if this call created it, else 0.
CALL OrleansCoord_InsertMembershipVersion(@DeploymentId);
