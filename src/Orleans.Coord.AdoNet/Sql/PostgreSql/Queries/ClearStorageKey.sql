-- Clears one grain state (NULL payload, version bumped) if the stored version still equals
-- @GrainStateVersion. Returns the new version, or NULL when the clear lost. One row always.
WITH cleared AS (
    UPDATE OrleansCoordStorage AS s
    SET PayloadBinary = NULL, Version = s.Version + 1, ModifiedOn = now()
    WHERE s.KeyDigest = sha256(convert_to(concat_ws('|',
        length(@ServiceId), @ServiceId,
        length(@GrainTypeString), @GrainTypeString,
        @GrainIdN0, @GrainIdN1,
        coalesce(length(@GrainIdExtensionString)::text, '-'), @GrainIdExtensionString), 'UTF8'))
      AND s.Version = @GrainStateVersion
    RETURNING s.Version
)
SELECT (SELECT Version FROM cleared) AS NewGrainStateVersion;
