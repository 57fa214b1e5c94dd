using Hpc.Mpi.Engine;
using Hpc.Segment;

namespace Hpc.Mpi;

/// <summary>
/// A non-blocking send or receive in flight (from <see cref="Comm.Isend{T}(ReadOnlyMemory{T}, int, int)"/> or
/// <see cref="Comm.Irecv{T}(Memory{T}, int, int)"/>). The buffer must not be touched until the request completed.
/// </summary>
public sealed class Request
{
    /// <summary>The communicator (to report the source in its numbering).</summary>
    private readonly Comm _comm;
    /// <summary>The send or receive.</summary>
    private readonly MessageOperation _operation;

    /// <summary>Wraps a send or a receive.</summary>
    internal Request(Comm comm, MessageOperation operation)
    {
        _comm = comm;
        _operation = operation;
    }

    /// <summary>True once the operation completed (a truncated receive also counts; <see cref="Wait()"/> then throws).</summary>
    public bool IsCompleted => _operation.IsComplete;

    /// <summary>Waits for completion; for a receive, returns what arrived.</summary>
    /// <exception cref="MessageTruncatedException">The message did not fit the receive buffer.</exception>
    public Status Wait() => Wait(RankWaitOp.Wait);

    /// <summary>Waits for completion, saying <paramref name="op"/> while blocked; for a receive, returns what arrived.</summary>
    private Status Wait(RankWaitOp op)
    {
        _comm.Engine.Wait(_operation, op);
        return _operation is ReceiveOperation receive ? _comm.StatusOf(receive) : default;
    }

    /// <summary>Progresses once and tells whether the operation completed; <paramref name="status"/> is set if so.</summary>
    public bool Test(out Status status)
    {
        status = default;
        if (!IsCompleted)
        {
            _comm.Engine.Progress();
        }

        if (!IsCompleted)
        {
            return false;
        }

        status = Wait();
        return true;
    }

    /// <summary>Waits for every request; returns their statuses in the same order.</summary>
    public static Status[] WaitAll(params Request[] requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var statuses = new Status[requests.Length];
        for (int i = 0; i < requests.Length; i++)
        {
            statuses[i] = requests[i].Wait(RankWaitOp.WaitAll);
        }

        return statuses;
    }

    /// <summary>Waits until one of the requests completes and returns its index and status.</summary>
    public static (int Index, Status Status) WaitAny(params Request[] requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentOutOfRangeException.ThrowIfZero(requests.Length);
        MessageEngine engine = requests[0]._comm.Engine;
        while (true)
        {
            for (int i = 0; i < requests.Length; i++)
            {
                if (requests[i].IsCompleted)
                {
                    return (i, requests[i].Wait());
                }
            }

            engine.WaitForActivity(RankWaitOp.WaitAny, RankWait.NoRank, RankWait.AnyValue, requests[0]._comm.Context);
        }
    }
}
