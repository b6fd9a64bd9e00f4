-- Reads one grain state. No row: never written. NULL payload with a version: cleared.
-- The key digest is the SHA-256 of the length-prefixed identity (same expression in all
-- four storage queries).
SELECT s.PayloadBinary, s.Version
FROM OrleansCoordStorage AS s
WHERE s.KeyDigest = sha256(convert_to(concat_ws('|',
        length(@ServiceId), @ServiceId,
        length(@GrainTypeString), @GrainTypeString,
        @GrainIdN0, @GrainIdN1,
        coalesce(length(@GrainIdExtensionString)::text, '-'), @GrainIdExtensionString), 'UTF8'));
