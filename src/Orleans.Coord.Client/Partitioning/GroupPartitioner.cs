using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Orleans.Coord.Groups;

namespace Orleans.Coord.Client.Partitioning;

/// <summary>
/// The partitioner of one session in one group: a <see cref="HashRing"/> built from the watch's snapshot and moved by
/// each event the watch yields (one background reader, no polling). Lookups read the ring without locks.
/// </summary>
internal sealed partial class GroupPartitioner : IPartitioner
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly ICoordinator _coordinator;
    private readonly IGroupWatch _watch;
    private readonly HashRing _ring;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    private readonly List<ChannelWriter<RingChangedEventArgs>> _readers = [];
    private Task _pump = Task.CompletedTask;
    private Task? _leaving;
    private long _version;
    private bool _ended;

    public GroupPartitioner(ICoordinator coordinator, IGroupWatch watch, int partitions, ILogger logger)
    {
        _coordinator = coordinator;
        _watch = watch;
        _logger = logger;
        _ring = new HashRing(partitions);
        foreach (var member in watch.Snapshot.Members)
        {
            _ring.AddNode(member.MemberId, PartitionWeight.Read(member.Capabilities));
        }

        _version = watch.Snapshot.Version;
    }

    public string Group => _watch.Group;

    public string MemberId => _coordinator.MemberId;

    public int Partitions => _ring.Partitions;

    public long Version => Volatile.Read(ref _version);

    public IReadOnlyList<string> Members => _ring.Nodes;

    public IReadOnlyDictionary<string, int> Weights => _ring.Weights;

    public event EventHandler<RingChangedEventArgs>? RingChanged;

    public void Start() => _pump = Task.Run(() => PumpAsync(_stop.Token));

    public IReadOnlyList<string> MembersFor(ReadOnlySpan<byte> key, int replicas = 1, IEnumerable<string>? ignore = null) =>
        _ring.GetNodes(key, replicas, ignore);

    public bool BelongsTo(ReadOnlySpan<byte> key, string memberId, int replicas = 1)
    {
        ArgumentNullException.ThrowIfNull(memberId);
        return _ring.GetNodes(key, replicas).Contains(memberId, StringComparer.Ordinal);
    }

    public bool BelongsToSelf(ReadOnlySpan<byte> key, int replicas = 1) => BelongsTo(key, MemberId, replicas);

    public IAsyncEnumerable<RingChangedEventArgs> ReadRingChangesAsync(CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<RingChangedEventArgs>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        lock (_gate)
        {
            if (_ended)
            {
                channel.Writer.TryComplete();
            }
            else
            {
                _readers.Add(channel.Writer);
            }
        }

        return ReadAsync(channel, cancellationToken);
    }

    public Task LeaveAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _leaving ??= LeaveCoreAsync();
        }

        return _leaving.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(_coordinator.Options.SessionTtl);
            await LeaveAsync(timeout.Token);
        }
        catch (Exception ex)
        {
            LogLeaveFailed(ex, Group, MemberId);
        }
    }

    private async IAsyncEnumerable<RingChangedEventArgs> ReadAsync(Channel<RingChangedEventArgs> channel, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var change in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return change;
            }
        }
        finally
        {
            lock (_gate)
            {
                _readers.Remove(channel.Writer);
            }
        }
    }

    private async Task LeaveCoreAsync()
    {
        await _stop.CancelAsync();
        await _pump;
        await _watch.DisposeAsync();
        EndReaders();
        try
        {
            await _coordinator.Groups.LeaveAsync(Group);
        }
        catch (Exception ex) when (ex is MemberNotJoinedException or GroupNotFoundException or SessionExpiredException)
        {
            // Already gone with the session, or never rejoined after an expiry: nothing to leave.
        }

        LogLeft(Group, MemberId);
    }

    private async Task PumpAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await foreach (var change in _watch.ReadEventsAsync(stop))
                {
                    Apply(change);
                }

                LogGroupDeleted(Group, MemberId);
                EndReaders();
                return;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The watch continues where it stopped on the next read; a failed read is retried, not fatal.
                LogWatchFailed(ex, Group, RetryDelay);
                try
                {
                    await Task.Delay(RetryDelay, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void Apply(GroupEvent change)
    {
        var before = _ring.Weights;
        var changed = change.Kind switch
        {
            GroupEventKind.Joined or GroupEventKind.CapabilitiesUpdated => _ring.AddNode(change.MemberId, PartitionWeight.Read(change.Capabilities)),
            GroupEventKind.Left or GroupEventKind.Expired => _ring.TryRemoveNode(change.MemberId),
            _ => false,
        };
        Volatile.Write(ref _version, change.Version);
        if (!changed)
        {
            return;
        }

        var args = new RingChangedEventArgs(Group, before, _ring.Weights, change);
        LogRingChanged(Group, change.Kind, change.MemberId, change.Version, args.NewMembers.Count);
        lock (_gate)
        {
            foreach (var reader in _readers)
            {
                reader.TryWrite(args);
            }
        }

        if (RingChanged is { } handlers)
        {
            foreach (var handler in handlers.GetInvocationList().Cast<EventHandler<RingChangedEventArgs>>())
            {
                try
                {
                    handler(this, args);
                }
                catch (Exception ex)
                {
                    LogHandlerFailed(ex, Group);
                }
            }
        }
    }

    private void EndReaders()
    {
        lock (_gate)
        {
            _ended = true;
            foreach (var reader in _readers)
            {
                reader.TryComplete();
            }

            _readers.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Partitioned group {Group}: {Kind} of {MemberId} at version {Version}; {Count} members on the ring")]
    private partial void LogRingChanged(string group, GroupEventKind kind, string memberId, long version, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Partitioned group {Group}: reading the watch failed; retrying in {Delay}")]
    private partial void LogWatchFailed(Exception ex, string group, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Partitioned group {Group} was deleted; the ring of member {MemberId} no longer changes")]
    private partial void LogGroupDeleted(string group, string memberId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Partitioned group {Group}: a RingChanged handler threw")]
    private partial void LogHandlerFailed(Exception ex, string group);

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} left partitioned group {Group}")]
    private partial void LogLeft(string group, string memberId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Member {MemberId} could not leave partitioned group {Group}; the membership ends with its session")]
    private partial void LogLeaveFailed(Exception ex, string group, string memberId);
}
