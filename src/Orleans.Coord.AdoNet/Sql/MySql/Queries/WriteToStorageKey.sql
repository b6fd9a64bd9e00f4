-- Writes one grain state; returns its new version as NewGrainStateVersion, or NULL when the
-- write lost (see the procedure in Schema.sql).
CALL OrleansCoord_WriteStorage(
    UNHEX(SHA2(CONVERT(CONCAT_WS('|',
        CHAR_LENGTH(@ServiceId), @ServiceId,
        CHAR_LENGTH(@GrainTypeString), @GrainTypeString,
        @GrainIdN0, @GrainIdN1,
        IFNULL(CHAR_LENGTH(@GrainIdExtensionString), '-'), @GrainIdExtensionString) USING utf8mb4), 256)),
    @ServiceId, @GrainTypeString, @GrainTypeHash, @GrainIdN0, @GrainIdN1,
    @GrainIdExtensionString, @GrainIdHash, @GrainStateVersion, @PayloadBinary);
