namespace Orleans.Coord.AdoNet.Storage;

/// <summary>
/// One server's statements on table <c>OrleansCoordGrainState</c>, which <see cref="SqlGrainStorage"/> runs. Each method
/// is one statement, so one round trip and, for a change, one commit; the version check is in the statement, so a
/// change whose version no longer matches changes nothing and answers null. A cleared state keeps its row with a null
/// payload and the next version, so versions of one state never repeat.
/// </summary>
internal interface IGrainStateTable
{
    /// <summary>The server's name in messages and logs ("PostgreSQL", "MySQL").</summary>
    string ServerName { get; }

    /// <summary>The stored version and payload; null when there is no row, a null payload when the state is cleared.</summary>
    Task<(long Version, byte[]? Payload)?> ReadAsync(GrainStateKey key);

    /// <summary>Creates the state when there is no row or the row is cleared; the new version, or null when a state is stored.</summary>
    Task<long?> CreateAsync(GrainStateKey key, byte[] payload);

    /// <summary>Replaces the payload when the stored version is <paramref name="version"/> and the state is not cleared; the new version, or null.</summary>
    Task<long?> UpdateAsync(GrainStateKey key, long version, byte[] payload);

    /// <summary>Clears the state when the stored version is <paramref name="version"/> and it is not cleared already; the new version, or null.</summary>
    Task<long?> ClearAsync(GrainStateKey key, long version);

    /// <summary>The stored version of a state that is not cleared, or null: the ETag a conflict reports.</summary>
    Task<long?> StoredVersionAsync(GrainStateKey key);

    /// <summary>
    /// Whether <paramref name="error"/> is the server's or the connection's failure (its connector's exception type),
    /// and if so, its cause in one line.
    /// </summary>
    bool IsServerFailure(Exception error, out string cause);
}
