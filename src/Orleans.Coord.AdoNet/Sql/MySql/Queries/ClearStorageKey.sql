-- Clears one grain state (NULL payload, version bumped) if the stored version still equals
-- @GrainStateVersion. Returns the new version, or NULL when the clear lost. One row always.
UPDATE OrleansCoordStorage
SET PayloadBinary = NULL, Version = Version + 1, ModifiedOn = UTC_TIMESTAMP(3)
WHERE KeyDigest = UNHEX(SHA2(CONVERT(CONCAT_WS('|',
        CHAR_LENGTH(@ServiceId), @ServiceId,
        CHAR_LENGTH(@GrainTypeString), @GrainTypeString,
        @GrainIdN0, @GrainIdN1,
        IFNULL(CHAR_LENGTH(@GrainIdExtensionString), '-'), @GrainIdExtensionString) USING utf8mb4), 256))
  AND Version = @GrainStateVersion;
SELECT CASE WHEN ROW_COUNT() > 0 THEN @GrainStateVersion + 1 END AS NewGrainStateVersion;
