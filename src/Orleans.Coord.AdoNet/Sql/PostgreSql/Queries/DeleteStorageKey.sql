-- Deletes one grain state's row (DeleteStateOnClear) if the stored version still equals
-- @GrainStateVersion. Returns the deleted version + 1, or NULL when the delete lost. One row always.
WITH deleted AS (
    DELETE FROM OrleansCoordStorage AS s
    WHERE s.KeyDigest = sha256(convert_to(concat_ws('|',
        length(@ServiceId), @ServiceId,
        length(@GrainTypeString), @GrainTypeString,
        @GrainIdN0, @GrainIdN1,
        coalesce(length(@GrainIdExtensionString)::text, '-'), @GrainIdExtensionString), 'UTF8'))
      AND s.Version = @GrainStateVersion
    RETURNING s.Version
)
SELECT (SELECT Version + 1 FROM deleted) AS NewGrainStateVersion;
