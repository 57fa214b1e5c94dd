using Hpc.Mpi.Engine;

namespace Hpc.Mpi;

/// <summary>
/// A non-blocking send or receive in flight (from <see cref="Comm.Isend{T}(ReadOnlyMemory{T}, int, int)"/> or
/// <see cref="Comm.Irecv{T}(Memory{T}, int, int)"/>). The buffer must not be touched until the request completed.
/// </summary>
public sealed class Request
{
    /// <summary>The communicator (to report the source in its numbering).</summary>
    private readonly Comm _comm;
    /// <summary>The send, if this is a send.</summary>
    private readonly SendOperation? _send;
    /// <summary>The receive, if this is a receive.</summary>
    private readonly ReceiveOperation? _receive;

    /// <summary>Wraps a send.</summary>
    internal Request(Comm comm, SendOperation send)
    {
        _comm = comm;
        _send = send;
    }

    /// <summary>Wraps a receive.</summary>
    internal Request(Comm comm, ReceiveOperation receive)
    {
        _comm = comm;
        _receive = receive;
    }

    /// <summary>True once the operation completed (a truncated receive also counts; <see cref="Wait"/> then throws).</summary>
    public bool IsCompleted => _send?.IsComplete ?? _receive!.IsComplete;

    /// <summary>Waits for completion; for a receive, returns what arrived.</summary>
    /// <exception cref="MessageTruncatedException">The message did not fit the receive buffer.</exception>
    public Status Wait()
    {
        if (_send is not null)
        {
            _comm.Engine.Wait(_send);
            return default;
        }

        _comm.Engine.Wait(_receive!);
        return _comm.StatusOf(_receive!);
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
            statuses[i] = requests[i].Wait();
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

            engine.WaitForActivity();
        }
    }
}
