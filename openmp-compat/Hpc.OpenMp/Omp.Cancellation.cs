using Hpc.OpenMp.Teams;

namespace Hpc.OpenMp;

/// <summary>Cancellation of parallel regions and loops: <c>cancel</c> and <c>cancellation point</c>.</summary>
public static partial class Omp
{
    /// <summary>omp_get_cancellation: whether cancellation is enabled (<c>OMP_CANCELLATION=true</c>; off by default, as the specification says).</summary>
    public static bool Cancellation => OmpRuntime.Cancellation;

    /// <summary>
    /// <c>#pragma omp cancel parallel|for</c>: when cancellation is enabled, cancels the innermost enclosing region or
    /// loop and returns true: the caller then returns from the region's body or the loop's body at once (C# has no
    /// jump to the construct's end). A cancelled loop starts no further iteration on any thread and ends at its usual
    /// barrier. In a cancelled region, the other threads leave at their next barrier (unwinding to the region's end)
    /// or at a <see cref="CancellationPoint"/>, and tasks not yet started are dropped. Returns false, doing nothing,
    /// when cancellation is disabled or there is no such construct.
    /// </summary>
    /// <example>
    /// <code>
    /// Omp.ParallelFor(0, n, i =&gt; { if (a[i] == key) { found = i; Omp.Cancel(CancelKind.For); } });
    /// </code>
    /// </example>
    public static unsafe bool Cancel(CancelKind kind)
    {
        TeamThread? thread = CurrentTeamThread.Value;
        if (!OmpRuntime.Cancellation || thread is null)
        {
            return false;
        }

        if (kind == CancelKind.Parallel)
        {
            if (thread.Team is not { } team || thread.Size == 1)
            {
                // A team of one: nobody else to tell; the caller leaves the region itself.
                return true;
            }

            team.Abandon();
            return true;
        }

        if (!thread.InCancellableLoop)
        {
            return false;
        }

        if (thread.CancellableLoop is not null)
        {
            Volatile.Write(ref thread.CancellableLoop->Cancelled, 1);
        }
        else
        {
            thread.LoopCancelledAlone = true;
        }

        return true;
    }

    /// <summary>
    /// <c>#pragma omp cancellation point parallel|for</c>: true when the innermost enclosing region or loop has been
    /// cancelled; the caller then returns from the body.
    /// </summary>
    public static unsafe bool CancellationPoint(CancelKind kind)
    {
        TeamThread? thread = CurrentTeamThread.Value;
        if (!OmpRuntime.Cancellation || thread is null)
        {
            return false;
        }

        return kind == CancelKind.Parallel
            ? thread.Team is { } team && thread.Size > 1 && team.IsCancelled
            : thread.InCancellableLoop && (thread.CancellableLoop is not null
                ? Volatile.Read(ref thread.CancellableLoop->Cancelled) != 0
                : thread.LoopCancelledAlone);
    }
}
