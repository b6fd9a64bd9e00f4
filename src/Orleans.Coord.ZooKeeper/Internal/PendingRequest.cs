using Orleans.Coord.ZooKeeper.Protocol;
using Orleans.Coord.ZooKeeper.Watches;

namespace Orleans.Coord.ZooKeeper.Internal;

/// <summary>
/// A request waiting to be sent or for its reply. Its xid is assigned when it is written to a connection; replies
/// arrive in xid order, so a connection keeps its in-flight requests in a FIFO queue.
/// </summary>
internal abstract class PendingRequest
{
    private int _finished;

    protected PendingRequest(OpCode opCode, byte[] body, string? clientPath, WatchRegistration? watch)
    {
        OpCode = opCode;
        Body = body;
        ClientPath = clientPath;
        Watch = watch;
    }

    public OpCode OpCode { get; }

    /// <summary>The serialized request record (without length prefix and request header).</summary>
    public byte[] Body { get; }

    /// <summary>The path as the caller named it, for error messages.</summary>
    public string? ClientPath { get; }

    /// <summary>The watch to record when the reply arrives, if any.</summary>
    public WatchRegistration? Watch { get; }

    public int Xid { get; set; }

    /// <summary>
    /// Runs once, just before the request's task completes (used to release its pending-request slot, so that a caller
    /// resuming after the await already sees the slot free).
    /// </summary>
    public Action? OnFinished { get; set; }

    public abstract Task Completion { get; }

    /// <summary>Completes the request from its reply; the handler's exception (typed error) faults the task.</summary>
    public abstract void Complete(int errorCode, JuteReader body);

    public abstract void Fail(Exception exception);

    /// <summary>Returns true the first time only; runs <see cref="OnFinished"/> then.</summary>
    protected bool TryFinish()
    {
        if (Interlocked.Exchange(ref _finished, 1) != 0)
        {
            return false;
        }

        OnFinished?.Invoke();
        return true;
    }
}

/// <summary>A <see cref="PendingRequest"/> whose reply decodes to <typeparamref name="T"/>.</summary>
internal sealed class PendingRequest<T> : PendingRequest
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Func<int, JuteReader, T> _handler;

    public PendingRequest(OpCode opCode, byte[] body, string? clientPath, WatchRegistration? watch, Func<int, JuteReader, T> handler)
        : base(opCode, body, clientPath, watch)
    {
        _handler = handler;
    }

    public Task<T> Result => _completion.Task;

    public override Task Completion => _completion.Task;

    public override void Complete(int errorCode, JuteReader body)
    {
        if (!TryFinish())
        {
            return;
        }

        try
        {
            _completion.TrySetResult(_handler(errorCode, body));
        }
        catch (ZooKeeperException ex)
        {
            _completion.TrySetException(ex);
        }
        catch (Exception ex)
        {
            _completion.TrySetException(new GenericZooKeeperException(
                ZooKeeperErrorCode.MarshallingError,
                ClientPath,
                $"The reply to the {OpCode} request could not be decoded: {ex.Message}",
                ex));
        }
    }

    public override void Fail(Exception exception)
    {
        if (TryFinish())
        {
            _completion.TrySetException(exception);
        }
    }
}
