using Hpc.Mpi.Engine;
using Hpc.Segment;

namespace Hpc.Mpi;

/// <summary>
/// A non-blocking operation in flight: a send or receive (<see cref="Comm.Isend{T}(ReadOnlyMemory{T}, int, int)"/>,
/// <see cref="Comm.Issend{T}(ReadOnlyMemory{T}, int, int)"/>, <see cref="Comm.Irecv{T}(Memory{T}, int, int)"/>, a
/// <see cref="PersistentRequest"/>'s start) or a collective (<see cref="Comm.Ibarrier"/>, <see cref="Comm.Ibcast{T}"/>,
/// <see cref="Comm.Iallreduce{T}"/>). The buffers must not be touched until the request completed.
/// </summary>
/// <remarks>
/// A handle to a pooled operation, so that a stream of non-blocking messages allocates nothing. As in MPI, the
/// <see cref="Wait()"/> or <see cref="Test"/> that completes a request consumes it: the request is then inactive
/// (like MPI_REQUEST_NULL), and waiting on it again, or on <c>default(Request)</c>, returns at once with an empty
/// status.
/// </remarks>
public readonly partial struct Request
{
    /// <summary>The communicator (to report the source in its numbering); null for an inactive request.</summary>
    private readonly Comm? _comm;
    /// <summary>The send or receive.</summary>
    private readonly MessageOperation? _operation;
    /// <summary>The operation's generation when this request was made: any other means it was consumed.</summary>
    private readonly int _generation;

    /// <summary>Wraps a send or a receive.</summary>
    internal Request(Comm comm, MessageOperation operation)
    {
        _comm = comm;
        _operation = operation;
        _generation = operation.Generation;
    }

    /// <summary>True while the request has not been consumed by the wait or test that completed it.</summary>
    public bool IsActive => _operation is not null && _operation.Generation == _generation;

    /// <summary>True once the operation completed (a truncated receive also counts; <see cref="Wait()"/> then throws), or the request is inactive.</summary>
    public bool IsCompleted => !IsActive || _operation!.IsComplete;

    /// <summary>True for an active request whose operation completed: the next wait or test consumes it.</summary>
    internal bool IsDone => IsActive && _operation!.IsComplete;

    /// <summary>Context of an active request's communicator (what a wait record names it by).</summary>
    internal int Context => _comm!.Context;

    /// <summary>The engine of an active request.</summary>
    internal MessageEngine Engine => _comm!.Engine;

    /// <summary>Waits for completion and consumes the request; for a receive, returns what arrived.</summary>
    /// <exception cref="MessageTruncatedException">The message did not fit the receive buffer.</exception>
    public Status Wait() => Wait(RankWaitOp.Wait);

    /// <summary>
    /// Progresses once and tells whether the operation completed (consuming the request if so, and setting
    /// <paramref name="status"/>). Repeated, it eventually succeeds even when the partner shares the core: a loop
    /// of unsuccessful tests lets the core's other ranks run now and then (MPI's progress rule).
    /// </summary>
    /// <exception cref="MessageTruncatedException">The message did not fit the receive buffer.</exception>
    public bool Test(out Status status)
    {
        status = default;
        if (!IsActive)
        {
            return true;
        }

        if (!_operation!.IsComplete)
        {
            Engine.Progress();
        }

        if (!_operation.IsComplete)
        {
            Engine.PollFailed();
            return false;
        }

        Engine.PollSucceeded();
        status = Consume();
        return true;
    }

    /// <summary>Waits for completion, saying <paramref name="op"/> while blocked, and consumes the request.</summary>
    internal Status Wait(RankWaitOp op)
    {
        if (!IsActive)
        {
            return default;
        }

        Engine.Wait(_operation!, op);
        return Consume();
    }

    /// <summary>Ends a completed request: its operation goes back to the pool; for a receive, returns what arrived.</summary>
    internal Status Consume()
    {
        if (_operation is ReceiveOperation receive)
        {
            return _comm!.TakeStatus(receive);
        }

        Engine.Return(_operation!);
        return _operation is CollectiveOperation { Error: { } error } ? throw error : default;
    }
}
