using System.Globalization;
using Etcdserverpb;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Coord.Etcd.Internal;
using Orleans.Runtime;

namespace Orleans.Coord.Etcd.Reminders;

/// <summary>
/// Orleans' reminder table kept in etcd: one key per reminder,
/// <c>&lt;prefix&gt;/&lt;ServiceId&gt;/reminders/&lt;grain id&gt;/&lt;reminder name&gt;</c> (parts percent-encoded), holding
/// <see cref="ReminderRowSerializer"/>'s JSON; the key's mod revision is the ETag. Reminders are durable: they outlive
/// the silo that registered them, and the silo that owns the grain's hash range after a failure reads them again.
/// <see cref="ReadRows(uint, uint)"/> reads the service's reminders and keeps those whose grain hash lies in the range
/// (Orleans.Coord keeps one reminder per grain with live leases, so the table stays small). Removal is a transaction on
/// the ETag.
/// </summary>
internal sealed partial class EtcdReminderTable : IReminderTable
{
    private readonly EtcdConnection _connection;
    private readonly string _remindersPrefix;
    private readonly ILogger _logger;

    public EtcdReminderTable(EtcdConnection connection, IOptions<ClusterOptions> clusterOptions, ILogger<EtcdReminderTable> logger)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(clusterOptions);
        ArgumentNullException.ThrowIfNull(logger);
        _connection = connection;
        _logger = logger;
        _remindersPrefix = EtcdKeys.Service(connection.Options.Prefix, clusterOptions.Value.ServiceId) + "/reminders/";
    }

    public async Task<ReminderTableData> ReadRows(GrainId grainId) =>
        new(Parse(await _connection.GetPrefixAsync(GrainPrefix(grainId)).ConfigureAwait(false)));

    /// <summary>The reminders whose grain hash is in (<paramref name="begin"/>, <paramref name="end"/>], wrapping around when begin ≥ end.</summary>
    public async Task<ReminderTableData> ReadRows(uint begin, uint end)
    {
        var all = Parse(await _connection.GetPrefixAsync(_remindersPrefix).ConfigureAwait(false));
        return new ReminderTableData(all.Where(r => InRange(r.GrainId.GetUniformHashCode(), begin, end)));
    }

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        var response = await _connection.GetAsync(Key(grainId, reminderName)).ConfigureAwait(false);
        return Parse(response).FirstOrDefault();
    }

    /// <summary>Writes the reminder (whatever is stored) and returns its new ETag.</summary>
    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var request = new TxnRequest { Success = { EtcdTxn.Put(Key(entry.GrainId, entry.ReminderName), ReminderRowSerializer.Serialize(entry)) } };
        var response = await _connection.TxnAsync(request).ConfigureAwait(false);
        return response.Header.Revision.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Deletes the reminder if its ETag is still <paramref name="eTag"/>; false when it changed or is gone.</summary>
    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        if (!long.TryParse(eTag, NumberStyles.None, CultureInfo.InvariantCulture, out var revision) || revision == 0)
        {
            return false;
        }

        var key = Key(grainId, reminderName);
        var request = new TxnRequest
        {
            Compare = { EtcdTxn.ModRevisionIs(key, revision) },
            Success = { EtcdTxn.Delete(key) },
        };
        var response = await _connection.TxnAsync(request).ConfigureAwait(false);
        return response.Succeeded;
    }

    public Task TestOnlyClearTable() => _connection.DeletePrefixAsync(_remindersPrefix);

    internal static bool InRange(uint hash, uint begin, uint end) =>
        begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;

    private string GrainPrefix(GrainId grainId) => _remindersPrefix + EtcdKeys.Escape(grainId.ToString()) + "/";

    private string Key(GrainId grainId, string reminderName)
    {
        ArgumentException.ThrowIfNullOrEmpty(reminderName);
        return GrainPrefix(grainId) + EtcdKeys.Escape(reminderName);
    }

    private List<ReminderEntry> Parse(RangeResponse response)
    {
        var entries = new List<ReminderEntry>(response.Kvs.Count);
        foreach (var kv in response.Kvs)
        {
            try
            {
                entries.Add(ReminderRowSerializer.Deserialize(kv.Value.Span, kv.ModRevision.ToString(CultureInfo.InvariantCulture)));
            }
            catch (FormatException ex)
            {
                LogUnreadable(ex, kv.Key.ToStringUtf8());
            }
        }

        return entries;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignoring etcd key {Key}: it is not a reminder.")]
    private partial void LogUnreadable(Exception exception, string key);
}
