-- Writes one grain state and returns its new version as NewGrainStateVersion, or NULL when
-- the write lost (Orleans then raises InconsistentStateException):
--  * @GrainStateVersion NULL: insert version 1, only if no row exists for this grain;
--  * otherwise: replace the payload and bump the version, only if the stored version still
--    equals @GrainStateVersion.
-- Always returns exactly one row.
WITH k AS (
    SELECT sha256(convert_to(concat_ws('|',
        length(@ServiceId), @ServiceId,
        length(@GrainTypeString), @GrainTypeString,
        @GrainIdN0, @GrainIdN1,
        coalesce(length(@GrainIdExtensionString)::text, '-'), @GrainIdExtensionString), 'UTF8')) AS KeyDigest
), replaced AS (
    UPDATE OrleansCoordStorage AS s
    SET PayloadBinary = @PayloadBinary, Version = s.Version + 1, ModifiedOn = now()
    FROM k
    WHERE s.KeyDigest = k.KeyDigest
      AND s.Version = @GrainStateVersion
    RETURNING s.Version
), inserted AS (
    INSERT INTO OrleansCoordStorage
        (KeyDigest, ServiceId, GrainTypeString, GrainTypeHash, GrainIdN0, GrainIdN1,
         GrainIdExtensionString, GrainIdHash, PayloadBinary, Version, ModifiedOn)
    SELECT k.KeyDigest, @ServiceId, @GrainTypeString, @GrainTypeHash, @GrainIdN0, @GrainIdN1,
           @GrainIdExtensionString, @GrainIdHash, @PayloadBinary, 1, now()
    FROM k
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT (KeyDigest) DO NOTHING
    RETURNING Version
)
SELECT (SELECT Version FROM replaced UNION ALL SELECT Version FROM inserted LIMIT 1) AS NewGrainStateVersion;
