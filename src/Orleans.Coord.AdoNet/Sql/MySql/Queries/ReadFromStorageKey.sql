-- Reads one grain state. No row: never written. NULL payload with a version: cleared.
-- The key digest is the SHA-256 of the length-prefixed utf8mb4 identity (same expression in
-- all four storage queries).
SELECT PayloadBinary, Version
FROM OrleansCoordStorage
WHERE KeyDigest = UNHEX(SHA2(CONVERT(CONCAT_WS('|',
        CHAR_LENGTH(@ServiceId), @ServiceId,
        CHAR_LENGTH(@GrainTypeString), @GrainTypeString,
        @GrainIdN0, @GrainIdN1,
        IFNULL(CHAR_LENGTH(@GrainIdExtensionString), '-'), @GrainIdExtensionString) USING utf8mb4), 256));
