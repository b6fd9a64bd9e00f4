namespace Orleans.Coord.AdoNet.Tests;

/// <summary>
/// The query keys the Orleans 10.4 ADO.NET providers read from OrleansQuery (their DbStoredQueries properties and the
/// grain storage's initialization query). A provider fails to start when one of its keys is missing.
/// </summary>
public static class OrleansQueryContract
{
    public static readonly string[] Clustering =
    [
        "GatewaysQueryKey", "MembershipReadRowKey", "MembershipReadAllKey", "InsertMembershipVersionKey", "UpdateIAmAlivetimeKey",
        "InsertMembershipKey", "UpdateMembershipKey", "DeleteMembershipTableEntriesKey", "CleanupDefunctSiloEntriesKey",
    ];

    public static readonly string[] Persistence = ["WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey"];

    public static readonly string[] Reminders =
    [
        "ReadReminderRowsKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "ReadReminderRowKey", "UpsertReminderRowKey",
        "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    public static IEnumerable<string> All => Clustering.Concat(Persistence).Concat(Reminders).Order(StringComparer.Ordinal);
}
