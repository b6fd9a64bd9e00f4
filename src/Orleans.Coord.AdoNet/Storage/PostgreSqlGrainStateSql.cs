namespace Orleans.Coord.AdoNet.Storage;

/// <summary>
/// The statements of <see cref="PostgreSqlGrainStateTable"/> on table <c>OrleansCoordGrainState</c> (Sql/PostgreSql/Schema.sql).
/// Parameters are positional: $1 service id, $2 state name, $3 grain id, then the statement's own. Each write is one
/// statement, so one round trip and one commit; the version check is in the statement. A cleared state keeps its row
/// with a null payload and a bumped version, so versions of one state never repeat.
/// </summary>
internal static class PostgreSqlGrainStateSql
{
    /// <summary>Reads version and payload; a null payload is a cleared state.</summary>
    public const string Read =
        "SELECT Version, Payload FROM OrleansCoordGrainState WHERE ServiceId = $1 AND StateName = $2 AND GrainId = $3";

    /// <summary>Creates the state ($4 payload) when no row exists or the row is cleared; returns the new version, or no row.</summary>
    public const string Create =
        "INSERT INTO OrleansCoordGrainState AS s (ServiceId, StateName, GrainId, Version, Payload) VALUES ($1, $2, $3, 1, $4) " +
        "ON CONFLICT (ServiceId, StateName, GrainId) DO UPDATE SET Version = s.Version + 1, Payload = EXCLUDED.Payload " +
        "WHERE s.Payload IS NULL RETURNING Version";

    /// <summary>Replaces the payload ($5) when the stored version is $4 and the state is not cleared; returns the new version, or no row.</summary>
    public const string Update =
        "UPDATE OrleansCoordGrainState SET Version = Version + 1, Payload = $5 " +
        "WHERE ServiceId = $1 AND StateName = $2 AND GrainId = $3 AND Version = $4 AND Payload IS NOT NULL RETURNING Version";

    /// <summary>Clears the state when the stored version is $4 and it is not cleared already; returns the new version, or no row.</summary>
    public const string Clear =
        "UPDATE OrleansCoordGrainState SET Version = Version + 1, Payload = NULL " +
        "WHERE ServiceId = $1 AND StateName = $2 AND GrainId = $3 AND Version = $4 AND Payload IS NOT NULL RETURNING Version";

    /// <summary>The stored version of a state that is not cleared (no row when there is none): the ETag a conflict reports.</summary>
    public const string StoredVersion =
        "SELECT Version FROM OrleansCoordGrainState WHERE ServiceId = $1 AND StateName = $2 AND GrainId = $3 AND Payload IS NOT NULL";
}
