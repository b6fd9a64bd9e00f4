-- Gateways for clients: silos in the requested status (Active) that expose a gateway port.
SELECT Address, ProxyPort, Generation
FROM OrleansCoordMembership
WHERE DeploymentId = @DeploymentId
  AND Status = @Status
  AND ProxyPort > 0;
