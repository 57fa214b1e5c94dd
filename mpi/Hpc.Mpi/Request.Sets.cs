using Hpc.Mpi.Engine;
using Hpc.Segment;

namespace Hpc.Mpi;

/// <summary>
/// Waits and tests over a set of requests (MPI_Waitall, Waitany, Waitsome, Testall, Testany, Testsome). Inactive
/// requests (consumed, or default) are skipped as MPI skips MPI_REQUEST_NULL; where MPI answers MPI_UNDEFINED (no
/// request active) these answer -1. The span forms allocate nothing.
/// </summary>
public readonly partial struct Request
{
    /// <summary>Waits for every request; returns their statuses in the same order.</summary>
    public static Status[] WaitAll(params Request[] requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var statuses = new Status[requests.Length];
        WaitAll(requests, statuses);
        return statuses;
    }

    /// <summary>Waits for every request, putting their statuses in <paramref name="statuses"/> (same order; empty to drop them).</summary>
    /// <exception cref="ArgumentException"><paramref name="statuses"/> is neither empty nor as long as <paramref name="requests"/>.</exception>
    public static void WaitAll(ReadOnlySpan<Request> requests, Span<Status> statuses = default)
    {
        CheckStatuses(requests, statuses);
        for (int i = 0; i < requests.Length; i++)
        {
            Status status = requests[i].Wait(RankWaitOp.WaitAll);
            if (!statuses.IsEmpty)
            {
                statuses[i] = status;
            }
        }
    }

    /// <summary>Waits until one of the active requests completes, consumes it and returns its index (-1 when none is active) and status.</summary>
    public static (int Index, Status Status) WaitAny(params ReadOnlySpan<Request> requests)
    {
        while (true)
        {
            if (TryTakeAny(requests, out int index, out Status status, out MessageEngine? engine, out int context) || engine is null)
            {
                return (index, status);
            }

            engine.WaitForActivity(RankWaitOp.WaitAny, RankWait.NoRank, RankWait.AnyValue, context);
        }
    }

    /// <summary>
    /// Waits until at least one active request completes and consumes every one that has: their indexes go to
    /// <paramref name="indices"/> and statuses to <paramref name="statuses"/> (empty to drop them). Returns how many,
    /// or -1 when no request is active.
    /// </summary>
    /// <exception cref="ArgumentException">A span is shorter than <paramref name="requests"/>.</exception>
    public static int WaitSome(ReadOnlySpan<Request> requests, Span<int> indices, Span<Status> statuses = default)
    {
        CheckSome(requests, indices, statuses);
        while (true)
        {
            int count = TakeAll(requests, indices, statuses, out MessageEngine? engine, out int context);
            if (count != 0 || engine is null)
            {
                return count == 0 ? -1 : count;
            }

            engine.WaitForActivity(RankWaitOp.WaitAny, RankWait.NoRank, RankWait.AnyValue, context);
        }
    }

    /// <summary>
    /// Progresses once; when every active request has completed, consumes them all, fills
    /// <paramref name="statuses"/> (empty to drop them) and returns true. Otherwise consumes none and returns false.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="statuses"/> is neither empty nor as long as <paramref name="requests"/>.</exception>
    public static bool TestAll(ReadOnlySpan<Request> requests, Span<Status> statuses = default)
    {
        CheckStatuses(requests, statuses);
        MessageEngine? engine = ProgressOnce(requests);
        foreach (Request request in requests)
        {
            if (request.IsActive && !request.IsDone)
            {
                engine!.PollFailed();
                return false;
            }
        }

        engine?.PollSucceeded();
        for (int i = 0; i < requests.Length; i++)
        {
            Status status = requests[i].IsActive ? requests[i].Consume() : default;
            if (!statuses.IsEmpty)
            {
                statuses[i] = status;
            }
        }

        return true;
    }

    /// <summary>
    /// Progresses once; when an active request has completed, consumes the first such one and returns true with its
    /// index and status. Also true, with index -1, when no request is active; false while all active ones are pending.
    /// </summary>
    public static bool TestAny(ReadOnlySpan<Request> requests, out int index, out Status status)
    {
        ProgressOnce(requests);
        if (TryTakeAny(requests, out index, out status, out MessageEngine? engine, out _))
        {
            engine?.PollSucceeded();
            return true;
        }

        if (engine is null)
        {
            return true; // nothing active: MPI answers flag = true, index = MPI_UNDEFINED
        }

        engine.PollFailed();
        return false;
    }

    /// <summary>
    /// Progresses once and consumes every active request that has completed (indexes to <paramref name="indices"/>,
    /// statuses to <paramref name="statuses"/>, empty to drop them); returns how many (0 while all are pending), or -1
    /// when no request is active.
    /// </summary>
    /// <exception cref="ArgumentException">A span is shorter than <paramref name="requests"/>.</exception>
    public static int TestSome(ReadOnlySpan<Request> requests, Span<int> indices, Span<Status> statuses = default)
    {
        CheckSome(requests, indices, statuses);
        ProgressOnce(requests);
        int count = TakeAll(requests, indices, statuses, out MessageEngine? engine, out _);
        if (count > 0)
        {
            engine!.PollSucceeded();
            return count;
        }

        if (engine is null)
        {
            return -1;
        }

        engine.PollFailed();
        return 0;
    }

    /// <summary>Progresses the engine of the first active request once; returns it (null when none is active).</summary>
    private static MessageEngine? ProgressOnce(ReadOnlySpan<Request> requests)
    {
        foreach (Request request in requests)
        {
            if (request.IsActive)
            {
                MessageEngine engine = request.Engine;
                engine.Progress();
                return engine;
            }
        }

        return null;
    }

    /// <summary>
    /// Consumes the first active request that completed; <paramref name="engine"/> is an active request's engine
    /// (null when none is active) and <paramref name="context"/> its communicator's context.
    /// </summary>
    private static bool TryTakeAny(ReadOnlySpan<Request> requests, out int index, out Status status, out MessageEngine? engine, out int context)
    {
        engine = null;
        context = 0;
        for (int i = 0; i < requests.Length; i++)
        {
            Request request = requests[i];
            if (!request.IsActive)
            {
                continue;
            }

            engine = request.Engine;
            context = request.Context;
            if (request.IsDone)
            {
                index = i;
                status = request.Consume();
                return true;
            }
        }

        index = -1;
        status = default;
        return false;
    }

    /// <summary>Consumes every active request that completed and returns how many; <paramref name="engine"/> as in <see cref="TryTakeAny"/>.</summary>
    private static int TakeAll(ReadOnlySpan<Request> requests, Span<int> indices, Span<Status> statuses, out MessageEngine? engine, out int context)
    {
        engine = null;
        context = 0;
        int count = 0;
        for (int i = 0; i < requests.Length; i++)
        {
            Request request = requests[i];
            if (!request.IsActive)
            {
                continue;
            }

            engine = request.Engine;
            context = request.Context;
            if (request.IsDone)
            {
                Status status = request.Consume();
                indices[count] = i;
                if (!statuses.IsEmpty)
                {
                    statuses[count] = status;
                }

                count++;
            }
        }

        return count;
    }

    /// <summary>Checks a statuses span given with a request set.</summary>
    private static void CheckStatuses(ReadOnlySpan<Request> requests, Span<Status> statuses)
    {
        if (!statuses.IsEmpty && statuses.Length != requests.Length)
        {
            throw new ArgumentException($"{statuses.Length} statuses for {requests.Length} requests", nameof(statuses));
        }
    }

    /// <summary>Checks the output spans of a Waitsome or Testsome.</summary>
    private static void CheckSome(ReadOnlySpan<Request> requests, Span<int> indices, Span<Status> statuses)
    {
        if (indices.Length < requests.Length || (!statuses.IsEmpty && statuses.Length < requests.Length))
        {
            throw new ArgumentException($"the indices (and statuses, if any) must hold one entry per request ({requests.Length})", nameof(indices));
        }
    }
}
