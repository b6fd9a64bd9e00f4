-- Creates the cluster's version row if it is missing. Returns 1 if this call created it, else 0.
WITH created AS (
    INSERT INTO OrleansCoordMembershipVersion (DeploymentId, Version, UpdatedOn)
    VALUES (@DeploymentId, 0, now())
    ON CONFLICT (DeploymentId) DO NOTHING
    RETURNING 1
)
SELECT count(*)::integer AS Created FROM created;
