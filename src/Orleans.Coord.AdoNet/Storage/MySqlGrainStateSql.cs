namespace Orleans.Coord.AdoNet.Storage;

/// <summary>
/// The statements of <see cref="MySqlGrainStateTable"/> on table <c>OrleansCoordGrainState</c> (Sql/MySql/Schema.sql).
/// The row is found by <c>@key</c>, the SHA-256 digest of its identity (<see cref="MySqlGrainStateTable.Digest"/>);
/// <c>@version</c> is the version a change expects and <c>@payload</c> the state. Each is one statement, so one round
/// trip and one commit; the version check is in the statement, and a change that changes no row (its affected-row
/// count is 0) conflicts. A cleared state keeps its row with a null payload and a bumped version.
/// </summary>
internal static class MySqlGrainStateSql
{
    /// <summary>Reads version and payload; a null payload is a cleared state.</summary>
    public const string Read =
        "SELECT Version, Payload FROM OrleansCoordGrainState WHERE KeyDigest = @key";

    /// <summary>
    /// Creates the state (version 1, one affected row) when no row exists, or re-creates a cleared one (the next
    /// version, reported as the statement's last insert id; two affected rows); a stored state changes nothing (none).
    /// The version is assigned before the payload, so both tests see the stored payload.
    /// </summary>
    public const string Create =
        "INSERT INTO OrleansCoordGrainState (KeyDigest, ServiceId, StateName, GrainId, Version, Payload) " +
        "VALUES (@key, @service, @state, @grain, 1, @payload) ON DUPLICATE KEY UPDATE " +
        "Version = IF(Payload IS NULL, LAST_INSERT_ID(Version + 1), Version), Payload = IF(Payload IS NULL, VALUES(Payload), Payload)";

    /// <summary>Replaces the payload when the stored version is @version and the state is not cleared.</summary>
    public const string Update =
        "UPDATE OrleansCoordGrainState SET Version = Version + 1, Payload = @payload " +
        "WHERE KeyDigest = @key AND Version = @version AND Payload IS NOT NULL";

    /// <summary>Clears the state when the stored version is @version and it is not cleared already.</summary>
    public const string Clear =
        "UPDATE OrleansCoordGrainState SET Version = Version + 1, Payload = NULL " +
        "WHERE KeyDigest = @key AND Version = @version AND Payload IS NOT NULL";

    /// <summary>The stored version of a state that is not cleared (no row when there is none): the ETag a conflict reports.</summary>
    public const string StoredVersion =
        "SELECT Version FROM OrleansCoordGrainState WHERE KeyDigest = @key AND Payload IS NOT NULL";
}
