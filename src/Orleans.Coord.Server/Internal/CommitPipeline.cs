using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;

namespace Orleans.Coord.Server.Internal;

/// <summary>
/// Group commit for a reentrant grain's persisted state (docs/design.md, rules 1 and 2). Calls run their bodies one at a time
/// (a body may await other grains; no other body runs meanwhile), but the storage write is shared: the changes of
/// every body that ran while a write was in flight go into the next single write. A call is answered only when the
/// write that holds everything its body saw has succeeded, so nothing is acknowledged, not even a read, before it is
/// persisted. The actions registered with <see cref="AfterWrite"/> (pushes, stream publishes) run after that write,
/// in the order they were registered, without holding up answers or the next write.
/// </summary>
/// <remarks>
/// A change recorded with <see cref="ChangedLazily"/> does not hold up answers and does not start a write of its own
/// at once: it rides along with the next write, or is written after <see cref="LazyWriteDelay"/> when no other change
/// comes. It is for changes whose loss in a crash is recovered by the caller (a queue position that the waiter asks
/// about again), never for a grant, a release or a withdrawal.
/// When a write fails, every call whose body saw its changes, and every later call of this activation, fails with
/// that error; the activation deactivates and the next call reads the state afresh from storage. The write takes a
/// copy of the state (made while no body runs), so bodies keep changing the working state while it is written.
/// </remarks>
/// <param name="storage">The grain's persistent state; its <c>State</c> is set to each write's copy.</param>
/// <param name="write">Writes <paramref name="storage"/> (with its ETag), deactivating the grain when that fails.</param>
/// <param name="copy">A copy of the state that later changes to the original do not affect.</param>
/// <param name="logger">Where failed after-write actions are logged.</param>
internal sealed partial class CommitPipeline<TState>(
    IPersistentState<TState> storage,
    Func<Task> write,
    Func<TState, TState> copy,
    ILogger logger)
    where TState : class
{
    /// <summary>
    /// A pipeline for <paramref name="grain"/>'s state, written with
    /// <see cref="StateWriter.WriteOrRecoverAsync{T}(IPersistentState{T}, Grain, Telemetry.ServerInstruments?)"/>
    /// (the instruments looked up once, not on every write).
    /// </summary>
    public CommitPipeline(IPersistentState<TState> storage, Grain grain, Func<TState, TState> copy, ILogger logger)
        : this(storage, WriterOf(storage, grain), copy, logger)
    {
    }

    private static Func<Task> WriterOf(IPersistentState<TState> storage, Grain grain)
    {
        var instruments = StateWriter.InstrumentsOf(grain);
        return () => storage.WriteOrRecoverAsync(grain, instruments);
    }

    private readonly SemaphoreSlim _turn = new(1, 1);
    private TState? _working;
    private TState? _stored;
    private TState? _beingWritten;
    private Batch? _open;
    private Batch? _last;
    private bool _writing;
    private long _batches;
    private ExceptionDispatchInfo? _failure;
    private Task _afterWrites = Task.CompletedTask;

    /// <summary>The working state: read and change it only inside a body passed to <c>RunAsync</c>.</summary>
    public TState State => _working ??= copy(Stored);

    /// <summary>The state last known to be stored: as read at activation, then as each successful write left it.</summary>
    private TState Stored => _stored ??= storage.State;

    /// <summary>
    /// Whether <paramref name="predicate"/> holds for a state that is or may yet become the stored one: the working
    /// state (changes of a body, running or ended, not yet handed to storage), the state being written, or the state
    /// last known to be stored (which a failed write leaves in place). True as well once a write has failed: the
    /// activation can no longer tell what is stored. Reads only, without taking a turn, so it may run between the awaits
    /// of a body; for what a grain may forget of a session (it must not forget a hold that a write's failure could leave
    /// stored).
    /// </summary>
    public bool MayBeStored(Func<TState, bool> predicate) =>
        _failure is not null
        || predicate(State)
        || (_beingWritten is { } written && predicate(written))
        || predicate(Stored);

    /// <summary>Runs at the end of every body, still in its turn (e.g. to copy counts for gauges read outside the grain).</summary>
    public Action<TState>? AfterEachBody { get; set; }

    /// <summary>How long a change recorded with <see cref="ChangedLazily"/> waits for another change to share its write.</summary>
    public static readonly TimeSpan LazyWriteDelay = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Records that the running body changed <see cref="State"/>: the next write persists it, and no call that saw
    /// the change is answered before that write has succeeded. Returns the number of the batch that holds the change
    /// (changes with the same number share one write).
    /// </summary>
    public long Changed()
    {
        _open ??= new Batch(++_batches);
        _open.Eager = true;
        return _open.Number;
    }

    /// <summary>
    /// Records a change that may be answered before it is persisted: it is written with the next change, or after
    /// <see cref="LazyWriteDelay"/> at the latest (unless the activation fails first).
    /// </summary>
    public void ChangedLazily()
    {
        if (_open is null)
        {
            _open = new Batch(++_batches);
            _ = WriteLazyBatchLaterAsync(_open);
        }
    }

    /// <summary>
    /// Records a change, and <paramref name="action"/> to run once the write that persists it has succeeded (in the
    /// order registered). An action that throws is logged; it does not fail the call.
    /// </summary>
    public void AfterWrite(Func<Task> action)
    {
        Changed();
        _open!.Actions.Add(action);
    }

    /// <summary>
    /// Inside a body: records a change (as <see cref="Changed"/>), writes the state as it is now and waits for that
    /// write, for a body that must act on persisted state before it goes on (e.g. index a group only once it is stored).
    /// </summary>
    /// <exception cref="Exception">The write failed (the call fails with that error).</exception>
    public async Task PersistNowAsync()
    {
        Changed();
        if (_writing)
        {
            await _last!.Persisted;
        }

        _failure?.Throw();
        if (_open is { } batch)
        {
            Write(batch);
            await batch.Persisted;
        }
    }

    /// <summary>Runs <paramref name="body"/> in turn, then answers once everything it saw is persisted.</summary>
    /// <exception cref="Exception">The body's own exception, or the error of the write its answer waited for.</exception>
    public async Task<T> RunAsync<T>(Func<Task<T>> body)
    {
        await _turn.WaitAsync();
        Task durable;
        T result = default!;
        ExceptionDispatchInfo? error = null;
        try
        {
            _failure?.Throw();
            result = await body();
        }
        catch (Exception ex)
        {
            error = ExceptionDispatchInfo.Capture(ex);
        }
        finally
        {
            AfterEachBody?.Invoke(State);
            // Whatever the body saw that must be persisted first is in the open batch, or in the last one handed to storage.
            durable = (_open is { Eager: true } ? _open : _last)?.Persisted ?? Task.CompletedTask;
            Settle();
            _turn.Release();
        }

        await durable;
        error?.Throw();
        return result;
    }

    /// <inheritdoc cref="RunAsync{T}(Func{Task{T}})"/>
    public Task RunAsync(Func<Task> body) =>
        RunAsync(async () =>
        {
            await body();
            return true;
        });

    /// <summary>Called while no body runs: fails what a failed write left open, or starts the next write.</summary>
    private void Settle()
    {
        if (_failure is { } failure)
        {
            _open?.Fail(failure.SourceException);
            _open = null;
            return;
        }

        if (_open is { Eager: true } batch && !_writing)
        {
            Write(batch);
        }
    }

    /// <summary>Hands the open batch to storage; only while no body is midway (at a body's end, or by the body itself).</summary>
    private void Write(Batch batch)
    {
        _open = null;
        _last = batch;
        _writing = true;
        _beingWritten = copy(State);
        _ = WriteAsync(batch, _beingWritten);
    }

    private async Task WriteAsync(Batch batch, TState snapshot)
    {
        try
        {
            storage.State = snapshot;
            await write();
        }
        catch (Exception ex)
        {
            _writing = false;
            _failure = ExceptionDispatchInfo.Capture(ex);
            batch.Fail(ex);
            _beingWritten = null;
            SettleIfIdle();
            return;
        }

        _writing = false;
        _stored = snapshot;
        _beingWritten = null;
        if (batch.Actions.Count > 0)
        {
            _afterWrites = RunAfterWritesAsync(_afterWrites, batch.Actions);
        }

        batch.Succeed();
        SettleIfIdle();
    }

    private async Task WriteLazyBatchLaterAsync(Batch batch)
    {
        await Task.Delay(LazyWriteDelay);
        if (ReferenceEquals(_open, batch))
        {
            batch.Eager = true;
            SettleIfIdle();
        }
    }

    /// <summary>Settles now when no body runs or waits to run; otherwise the body that runs next settles when it ends.</summary>
    private void SettleIfIdle()
    {
        if (_turn.CurrentCount == 1)
        {
            Settle();
        }
    }

    private async Task RunAfterWritesAsync(Task previous, List<Func<Task>> actions)
    {
        await previous;
        foreach (var action in actions)
        {
            try
            {
                await action();
            }
            catch (Exception ex)
            {
                LogAfterWriteFailed(ex, typeof(TState).Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A notification after a persisted change of {State} failed")]
    private partial void LogAfterWriteFailed(Exception ex, string state);

    /// <summary>The changes that one storage write persists.</summary>
    private sealed class Batch(long number)
    {
        public long Number { get; } = number;

        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes when the write has succeeded; faults with its error.</summary>
        public Task Persisted => _done.Task;

        public List<Func<Task>> Actions { get; } = [];

        /// <summary>Whether answers wait for this batch, and so whether it is written as soon as storage is free.</summary>
        public bool Eager { get; set; }

        public void Succeed() => _done.TrySetResult();

        public void Fail(Exception error) => _done.TrySetException(error);
    }
}
