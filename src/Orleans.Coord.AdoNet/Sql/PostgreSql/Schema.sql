-- Orleans.Coord schema for PostgreSQL 11 or later.
--
-- Run by AdoNetSchemaInstaller inside one transaction that holds a transaction-scoped
-- advisory lock, so concurrent installers are serialised and a failure leaves nothing behind.
-- Every statement is idempotent. The named queries that the Orleans providers execute are
-- not in this file: the installer upserts them into OrleansQuery from the Queries folder.
--
-- Conventions: identifiers are unquoted (PostgreSQL folds them to lower case; the Orleans
-- providers look columns up case-insensitively). Times are timestamptz in UTC. Versions are
-- integers that grow by one on every successful conditional write; Orleans uses them as ETags.

-- Named queries, read by the Orleans providers at start-up with
-- "SELECT QueryKey, QueryText FROM OrleansQuery".
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL,
    QueryText text        NOT NULL,
    CONSTRAINT PK_OrleansQuery PRIMARY KEY (QueryKey)
);

-- Which version of this schema is installed (one row per component).
CREATE TABLE IF NOT EXISTS OrleansCoordSchema
(
    Component   varchar(64) NOT NULL,
    Version     integer     NOT NULL,
    InstalledOn timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT PK_OrleansCoordSchema PRIMARY KEY (Component)
);

-- Clustering: one version row per cluster (Orleans' DeploymentId is the ClusterId).
-- Every change to the cluster's membership rows bumps Version by one, conditionally on the
-- version the writer last read (the membership table's ETag).
CREATE TABLE IF NOT EXISTS OrleansCoordMembershipVersion
(
    DeploymentId varchar(150) NOT NULL,
    Version      integer      NOT NULL DEFAULT 0,
    UpdatedOn    timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT PK_OrleansCoordMembershipVersion PRIMARY KEY (DeploymentId)
);

-- Clustering: one row per silo incarnation (address, port, generation).
CREATE TABLE IF NOT EXISTS OrleansCoordMembership
(
    DeploymentId varchar(150) NOT NULL,
    Address      varchar(45)  NOT NULL,
    Port         integer      NOT NULL,
    Generation   integer      NOT NULL,
    SiloName     varchar(150) NOT NULL,
    HostName     varchar(150) NOT NULL,
    Status       integer      NOT NULL,
    ProxyPort    integer      NOT NULL DEFAULT 0,
    SuspectTimes text         NULL,
    StartTime    timestamptz  NOT NULL,
    IAmAliveTime timestamptz  NOT NULL,
    CONSTRAINT PK_OrleansCoordMembership PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT FK_OrleansCoordMembership_Version FOREIGN KEY (DeploymentId)
        REFERENCES OrleansCoordMembershipVersion (DeploymentId) ON DELETE CASCADE
);

-- Grain persistence: one row per (service, grain type, grain id).
-- KeyDigest is the SHA-256 of a length-prefixed encoding of that identity, computed by the
-- queries; it is the primary key, so concurrent first writes of the same grain cannot both
-- insert, and the key stays narrow whatever the length of type names and string keys.
-- The remaining identity columns are stored for diagnostics only.
-- A cleared state keeps its row with a NULL payload and a bumped version.
CREATE TABLE IF NOT EXISTS OrleansCoordStorage
(
    KeyDigest              bytea       NOT NULL,
    ServiceId              text        NOT NULL,
    GrainTypeString        text        NOT NULL,
    GrainTypeHash          integer     NOT NULL,
    GrainIdN0              bigint      NOT NULL,
    GrainIdN1              bigint      NOT NULL,
    GrainIdExtensionString text        NULL,
    GrainIdHash            integer     NOT NULL,
    PayloadBinary          bytea       NULL,
    Version                integer     NOT NULL,
    ModifiedOn             timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT PK_OrleansCoordStorage PRIMARY KEY (KeyDigest)
);

-- Grain state of the Orleans.Coord storage provider (PostgreSqlGrainStorage): one row per
-- (service, state name, grain id as text). Version is the ETag; every write is one statement
-- that checks it. A cleared state keeps its row with a NULL payload and a bumped version, so
-- the versions of one state never repeat.
CREATE TABLE IF NOT EXISTS OrleansCoordGrainState
(
    ServiceId text   NOT NULL,
    StateName text   NOT NULL,
    GrainId   text   NOT NULL,
    Version   bigint NOT NULL,
    Payload   bytea  NULL,
    CONSTRAINT PK_OrleansCoordGrainState PRIMARY KEY (ServiceId, StateName, GrainId)
);

-- A payload that makes the row larger than about 2 KB (a lock with many sessions in its
-- request ledger, a large group) is compressed with lz4 where the server has it (PostgreSQL 14
-- or later, built with lz4): the default method, pglz, costs the server more per write than
-- storing the value uncompressed, while lz4 costs less and still halves a large group's state.
-- A server without lz4 keeps its default (schema version 3).
DO $$
BEGIN
    IF current_setting('server_version_num')::int >= 140000 THEN
        EXECUTE 'ALTER TABLE OrleansCoordGrainState ALTER COLUMN Payload SET COMPRESSION lz4';
    END IF;
EXCEPTION
    WHEN feature_not_supported OR invalid_parameter_value THEN
        NULL;
END
$$;

-- Reminders: one row per (service, grain, reminder name). GrainHash is the grain's uniform
-- hash stored as a signed 32-bit integer; the reminder service reads hash ranges with it.
CREATE TABLE IF NOT EXISTS OrleansCoordReminders
(
    ServiceId    varchar(150) NOT NULL,
    GrainId      varchar(300) NOT NULL,
    ReminderName varchar(150) NOT NULL,
    GrainHash    integer      NOT NULL,
    StartTime    timestamptz  NOT NULL,
    Period       bigint       NOT NULL,
    Version      integer      NOT NULL,
    CONSTRAINT PK_OrleansCoordReminders PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

CREATE INDEX IF NOT EXISTS IX_OrleansCoordReminders_Hash
    ON OrleansCoordReminders (ServiceId, GrainHash);
