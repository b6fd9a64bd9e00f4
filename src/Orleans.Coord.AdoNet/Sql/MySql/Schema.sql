-- Orleans.Coord schema for MariaDB 10.3+ and MySQL 8.0+ (InnoDB, utf8mb4).
--
-- Run by AdoNetSchemaInstaller while it holds a named lock (GET_LOCK) derived from the database name,
-- so concurrent installers are serialised. A line holding only "-- GO" ends a batch; each batch
-- is sent as one command (so a stored procedure body needs no DELIMITER). Tables use
-- IF NOT EXISTS; procedures are dropped and re-created, which only happens while the installed
-- schema version is older than the installer's. The named queries that the Orleans providers
-- execute are not in this file: the installer upserts them into OrleansQuery from the Queries
-- folder.
--
-- Conventions: times are DATETIME(3) holding UTC. Identifier columns use utf8mb4_bin so that
-- keys compare exactly as Orleans compares them (case-sensitive). Versions are integers that
-- grow by one on every successful conditional write; Orleans uses them as ETags.

-- Named queries, read by the Orleans providers at start-up with
-- "SELECT QueryKey, QueryText FROM OrleansQuery".
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  VARCHAR(64) NOT NULL,
    QueryText TEXT        NOT NULL,
    CONSTRAINT PK_OrleansQuery PRIMARY KEY (QueryKey)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
-- GO

-- Which version of this schema is installed (one row per component).
CREATE TABLE IF NOT EXISTS OrleansCoordSchema
(
    Component   VARCHAR(64) NOT NULL,
    Version     INT         NOT NULL,
    InstalledOn DATETIME(3) NOT NULL,
    CONSTRAINT PK_OrleansCoordSchema PRIMARY KEY (Component)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
-- GO

-- Clustering: one version row per cluster (Orleans' DeploymentId is the ClusterId).
-- Every change to the cluster's membership rows bumps Version by one, conditionally on the
-- version the writer last read (the membership table's ETag).
CREATE TABLE IF NOT EXISTS OrleansCoordMembershipVersion
(
    DeploymentId VARCHAR(150) NOT NULL,
    Version      INT          NOT NULL DEFAULT 0,
    UpdatedOn    DATETIME(3)  NOT NULL,
    CONSTRAINT PK_OrleansCoordMembershipVersion PRIMARY KEY (DeploymentId)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
-- GO

-- Clustering: one row per silo incarnation (address, port, generation).
CREATE TABLE IF NOT EXISTS OrleansCoordMembership
(
    DeploymentId VARCHAR(150) NOT NULL,
    Address      VARCHAR(45)  NOT NULL,
    Port         INT          NOT NULL,
    Generation   INT          NOT NULL,
    SiloName     VARCHAR(150) NOT NULL,
    HostName     VARCHAR(150) NOT NULL,
    Status       INT          NOT NULL,
    ProxyPort    INT          NOT NULL DEFAULT 0,
    SuspectTimes TEXT         NULL,
    StartTime    DATETIME(3)  NOT NULL,
    IAmAliveTime DATETIME(3)  NOT NULL,
    CONSTRAINT PK_OrleansCoordMembership PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT FK_OrleansCoordMembership_Version FOREIGN KEY (DeploymentId)
        REFERENCES OrleansCoordMembershipVersion (DeploymentId) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
-- GO

-- Grain persistence: one row per (service, grain type, grain id).
-- KeyDigest is the SHA-256 of a length-prefixed utf8mb4 encoding of that identity, computed by
-- the queries; it is the primary key, so concurrent first writes of the same grain cannot both
-- insert, and the key stays narrow whatever the length of type names and string keys.
-- The remaining identity columns are stored for diagnostics only.
-- A cleared state keeps its row with a NULL payload and a bumped version.
CREATE TABLE IF NOT EXISTS OrleansCoordStorage
(
    KeyDigest              BINARY(32)  NOT NULL,
    ServiceId              TEXT        NOT NULL,
    GrainTypeString        TEXT        NOT NULL,
    GrainTypeHash          INT         NOT NULL,
    GrainIdN0              BIGINT      NOT NULL,
    GrainIdN1              BIGINT      NOT NULL,
    GrainIdExtensionString TEXT        NULL,
    GrainIdHash            INT         NOT NULL,
    PayloadBinary          LONGBLOB    NULL,
    Version                INT         NOT NULL,
    ModifiedOn             DATETIME(3) NOT NULL,
    CONSTRAINT PK_OrleansCoordStorage PRIMARY KEY (KeyDigest)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
-- GO

-- Coordination state, written by Orleans.Coord's own storage provider (schema version 4): one
-- row per (service, state name, grain id as text). KeyDigest, the primary key, is the SHA-256 of
-- the three parts, each as its UTF-8 byte count (4 bytes, big-endian) and its bytes, computed by
-- the provider; the parts are stored for reading the table by hand. Version is the ETag: 1 when
-- the state is created, one more on every write and clear. A cleared state keeps its row with a
-- NULL payload and the next version, so versions of one state never repeat.
CREATE TABLE IF NOT EXISTS OrleansCoordGrainState
(
    KeyDigest BINARY(32) NOT NULL,
    ServiceId TEXT       NOT NULL,
    StateName TEXT       NOT NULL,
    GrainId   TEXT       NOT NULL,
    Version   BIGINT     NOT NULL,
    Payload   LONGBLOB   NULL,
    CONSTRAINT PK_OrleansCoordGrainState PRIMARY KEY (KeyDigest)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
-- GO

-- Reminders: one row per (service, grain, reminder name). GrainHash is the grain's uniform
-- hash stored as a signed 32-bit integer; the reminder service reads hash ranges with it.
CREATE TABLE IF NOT EXISTS OrleansCoordReminders
(
    ServiceId    VARCHAR(150) NOT NULL,
    GrainId      VARCHAR(300) NOT NULL,
    ReminderName VARCHAR(150) NOT NULL,
    GrainHash    INT          NOT NULL,
    StartTime    DATETIME(3)  NOT NULL,
    Period       BIGINT       NOT NULL,
    Version      INT          NOT NULL,
    CONSTRAINT PK_OrleansCoordReminders PRIMARY KEY (ServiceId, GrainId, ReminderName),
    INDEX IX_OrleansCoordReminders_Hash (ServiceId, GrainHash)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
-- GO

DROP PROCEDURE IF EXISTS OrleansCoord_InsertMembershipVersion;
-- GO

-- Creates the cluster's version row if it is missing. Returns 1 if this call created it, else 0.
-- A duplicate key (another silo won the race) is the only error that is swallowed.
CREATE PROCEDURE OrleansCoord_InsertMembershipVersion
(
    IN pDeploymentId VARCHAR(150) CHARACTER SET utf8mb4
)
BEGIN
    DECLARE vDuplicate INT DEFAULT 0;
    DECLARE CONTINUE HANDLER FOR 1062 SET vDuplicate = 1;

    INSERT INTO OrleansCoordMembershipVersion (DeploymentId, Version, UpdatedOn)
    VALUES (pDeploymentId, 0, UTC_TIMESTAMP(3));

    SELECT 1 - vDuplicate AS Created;
END;
-- GO

DROP PROCEDURE IF EXISTS OrleansCoord_InsertMembership;
-- GO

-- Adds a silo row and bumps the cluster version in one transaction, both or neither.
-- Succeeds only if the cluster version still equals pVersion and the row does not exist yet.
-- Returns 1 on success, 0 otherwise; other errors roll back and propagate.
CREATE PROCEDURE OrleansCoord_InsertMembership
(
    IN pDeploymentId VARCHAR(150) CHARACTER SET utf8mb4,
    IN pAddress      VARCHAR(45)  CHARACTER SET utf8mb4,
    IN pPort         INT,
    IN pGeneration   INT,
    IN pSiloName     VARCHAR(150) CHARACTER SET utf8mb4,
    IN pHostName     VARCHAR(150) CHARACTER SET utf8mb4,
    IN pStatus       INT,
    IN pProxyPort    INT,
    IN pStartTime    DATETIME(3),
    IN pIAmAliveTime DATETIME(3),
    IN pVersion      INT
)
BEGIN
    DECLARE vBumped INT DEFAULT 0;
    DECLARE EXIT HANDLER FOR SQLEXCEPTION BEGIN ROLLBACK; RESIGNAL; END;

    START TRANSACTION;

    UPDATE OrleansCoordMembershipVersion
    SET Version = Version + 1, UpdatedOn = UTC_TIMESTAMP(3)
    WHERE DeploymentId = pDeploymentId AND Version = pVersion;
    SET vBumped = ROW_COUNT();

    IF vBumped > 0 AND NOT EXISTS (
        SELECT 1 FROM OrleansCoordMembership
        WHERE DeploymentId = pDeploymentId
          AND Address = pAddress AND Port = pPort AND Generation = pGeneration) THEN
        INSERT INTO OrleansCoordMembership
            (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
        VALUES
            (pDeploymentId, pAddress, pPort, pGeneration, pSiloName, pHostName, pStatus, pProxyPort, pStartTime, pIAmAliveTime);
        COMMIT;
        SELECT 1 AS Inserted;
    ELSE
        ROLLBACK;
        SELECT 0 AS Inserted;
    END IF;
END;
-- GO

DROP PROCEDURE IF EXISTS OrleansCoord_WriteStorage;
-- GO

-- Writes one grain state and returns its new version as NewGrainStateVersion, or NULL when the
-- write lost (Orleans then raises InconsistentStateException):
--  * pGrainStateVersion NULL: insert version 1, only if no row exists for this grain;
--  * otherwise: replace the payload and bump the version, only if the stored version still
--    equals pGrainStateVersion.
-- Each branch is a single statement, so no explicit transaction is needed.
CREATE PROCEDURE OrleansCoord_WriteStorage
(
    IN pKeyDigest              BINARY(32),
    IN pServiceId              TEXT CHARACTER SET utf8mb4,
    IN pGrainTypeString        TEXT CHARACTER SET utf8mb4,
    IN pGrainTypeHash          INT,
    IN pGrainIdN0              BIGINT,
    IN pGrainIdN1              BIGINT,
    IN pGrainIdExtensionString TEXT CHARACTER SET utf8mb4,
    IN pGrainIdHash            INT,
    IN pGrainStateVersion      INT,
    IN pPayloadBinary          LONGBLOB
)
BEGIN
    DECLARE vNewVersion INT DEFAULT NULL;
    DECLARE vDuplicate INT DEFAULT 0;
    DECLARE CONTINUE HANDLER FOR 1062 SET vDuplicate = 1;

    IF pGrainStateVersion IS NULL THEN
        INSERT INTO OrleansCoordStorage
            (KeyDigest, ServiceId, GrainTypeString, GrainTypeHash, GrainIdN0, GrainIdN1,
             GrainIdExtensionString, GrainIdHash, PayloadBinary, Version, ModifiedOn)
        VALUES
            (pKeyDigest, pServiceId, pGrainTypeString, pGrainTypeHash, pGrainIdN0, pGrainIdN1,
             pGrainIdExtensionString, pGrainIdHash, pPayloadBinary, 1, UTC_TIMESTAMP(3));
        IF vDuplicate = 0 THEN
            SET vNewVersion = 1;
        END IF;
    ELSE
        UPDATE OrleansCoordStorage
        SET PayloadBinary = pPayloadBinary, Version = Version + 1, ModifiedOn = UTC_TIMESTAMP(3)
        WHERE KeyDigest = pKeyDigest AND Version = pGrainStateVersion;
        IF ROW_COUNT() > 0 THEN
            SET vNewVersion = pGrainStateVersion + 1;
        END IF;
    END IF;

    SELECT vNewVersion AS NewGrainStateVersion;
END;
-- GO

DROP PROCEDURE IF EXISTS OrleansCoord_UpsertReminder;
-- GO

-- Creates a reminder with version 1, or replaces its schedule and bumps its version, and
-- returns the new version, in one transaction (the row stays locked until it is read back).
CREATE PROCEDURE OrleansCoord_UpsertReminder
(
    IN pServiceId    VARCHAR(150) CHARACTER SET utf8mb4,
    IN pGrainId      VARCHAR(300) CHARACTER SET utf8mb4,
    IN pReminderName VARCHAR(150) CHARACTER SET utf8mb4,
    IN pGrainHash    INT,
    IN pStartTime    DATETIME(3),
    IN pPeriod       BIGINT
)
BEGIN
    DECLARE EXIT HANDLER FOR SQLEXCEPTION BEGIN ROLLBACK; RESIGNAL; END;

    START TRANSACTION;

    INSERT INTO OrleansCoordReminders
        (ServiceId, GrainId, ReminderName, GrainHash, StartTime, Period, Version)
    VALUES
        (pServiceId, pGrainId, pReminderName, pGrainHash, pStartTime, pPeriod, 1)
    ON DUPLICATE KEY UPDATE
        GrainHash = VALUES(GrainHash),
        StartTime = VALUES(StartTime),
        Period    = VALUES(Period),
        Version   = Version + 1;

    SELECT Version
    FROM OrleansCoordReminders
    WHERE ServiceId = pServiceId AND GrainId = pGrainId AND ReminderName = pReminderName;

    COMMIT;
END;
