-- Deletes one grain state's row (DeleteStateOnClear) if the stored version still equals
-- @GrainStateVersion. Returns the deleted version + 1, or NULL when the delete lost. One row always.
DELETE FROM OrleansCoordStorage
WHERE KeyDigest = UNHEX(SHA2(CONVERT(CONCAT_WS('|',
        CHAR_LENGTH(@ServiceId), @ServiceId,
        CHAR_LENGTH(@GrainTypeString), @GrainTypeString,
        @GrainIdN0, @GrainIdN1,
        IFNULL(CHAR_LENGTH(@GrainIdExtensionString), '-'), @GrainIdExtensionString) USING utf8mb4), 256))
  AND Version = @GrainStateVersion;
SELECT CASE WHEN ROW_COUNT() > 0 THEN @GrainStateVersion + 1 END AS NewGrainStateVersion;
