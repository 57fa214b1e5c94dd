using Hpc.OpenMp.Teams;

namespace Hpc.OpenMp.Loops;

/// <summary>Runs the calling member's share of a work-shared loop, ordered clause included (no barrier at the end).</summary>
internal static unsafe class LoopDriver
{
    /// <summary>The schedule a loop runs with: runtime resolved from the ICV, auto as static.</summary>
    public static Schedule Resolve(Schedule schedule)
    {
        Schedule resolved = schedule.Kind == ScheduleKind.Runtime ? OmpRuntime.RunSchedule : schedule;
        if (resolved.Kind is ScheduleKind.Auto or ScheduleKind.Runtime)
        {
            resolved = Schedule.Static();
        }

        return schedule.IsOrdered ? resolved.WithOrdered() : resolved;
    }

    /// <summary>
    /// Runs the share of <paramref name="thread"/> (null: the whole loop on the calling thread) under a resolved
    /// schedule. Every member of the team must call this for the same loop.
    /// </summary>
    public static void Run<TBody>(TeamThread? thread, IterationSpace space, Schedule schedule, ref TBody body)
        where TBody : struct, ILoopBody
    {
        int threads = thread?.Size ?? 1;
        Team? team = threads > 1 ? thread!.Team : null;
        bool cancellable = thread is not null && OmpRuntime.Cancellation;
        WorkshareSlot* slot = null;
        if (team is not null && (schedule.Kind != ScheduleKind.Static || schedule.IsOrdered || cancellable))
        {
            slot = team.EnterConstruct(thread!, out _);
        }

        var cursor = new LoopCursor(space.Count, schedule.Kind, schedule.Chunk, thread?.Num ?? 0, team is null ? 1 : threads, slot);
        if (cancellable)
        {
            RunCancellable(thread!, slot, space, schedule, ref cursor, ref body);
        }
        else if (schedule.IsOrdered)
        {
            RunOrdered(thread, team, slot, space, ref cursor, ref body);
        }
        else
        {
            int step = space.Step;
            while (cursor.Next(out long begin, out long end))
            {
                int i = space.ValueOf(begin);
                for (long k = begin; k < end; k++)
                {
                    body.Invoke(i);
                    i = unchecked(i + step);
                }
            }
        }

        if (slot is not null)
        {
            Team.LeaveConstruct(slot);
        }
    }

    /// <summary>
    /// A loop while cancellation is enabled (OMP_CANCELLATION=true): before each iteration, a look at whether the
    /// loop was cancelled (its slot's flag, or the thread's own in a team of one); the loop's end stays where it is.
    /// </summary>
    private static void RunCancellable<TBody>(TeamThread thread, WorkshareSlot* slot, IterationSpace space, Schedule schedule, ref LoopCursor cursor, ref TBody body)
        where TBody : struct, ILoopBody
    {
        WorkshareSlot* outerLoop = thread.CancellableLoop;
        bool outerAlone = thread.InCancellableLoop;
        bool outerCancelled = thread.LoopCancelledAlone;
        thread.CancellableLoop = slot;
        thread.InCancellableLoop = true;
        thread.LoopCancelledAlone = false;
        try
        {
            if (schedule.IsOrdered)
            {
                // Ordered and cancellable: iterations must still pass their turns; the flag is looked at per chunk.
                RunOrdered(thread, slot is null ? null : thread.Team, slot, space, ref cursor, ref body);
                return;
            }

            while (cursor.Next(out long begin, out long end))
            {
                for (long k = begin; k < end; k++)
                {
                    if (slot is not null ? Volatile.Read(ref slot->Cancelled) != 0 : thread.LoopCancelledAlone)
                    {
                        return;
                    }

                    body.Invoke(space.ValueOf(k));
                }
            }
        }
        finally
        {
            thread.CancellableLoop = outerLoop;
            thread.InCancellableLoop = outerAlone;
            thread.LoopCancelledAlone = outerCancelled;
        }
    }

    /// <summary>The loop with the ordered clause: each iteration passes its turn even when it has no ordered block.</summary>
    private static void RunOrdered<TBody>(TeamThread? thread, Team? team, WorkshareSlot* slot, IterationSpace space, ref LoopCursor cursor, ref TBody body)
        where TBody : struct, ILoopBody
    {
        if (thread is null)
        {
            // An orphaned loop outside any region: iterations run in order anyway.
            while (cursor.Next(out long begin, out long end))
            {
                for (long k = begin; k < end; k++)
                {
                    body.Invoke(space.ValueOf(k));
                }
            }

            return;
        }

        WorkshareSlot* outerSlot = thread.OrderedSlot;
        bool outerAlone = thread.OrderedAlone;
        long outerIteration = thread.OrderedIteration;
        bool outerDone = thread.OrderedDone;
        thread.OrderedSlot = slot;
        thread.OrderedAlone = team is null;
        try
        {
            while (cursor.Next(out long begin, out long end))
            {
                for (long k = begin; k < end; k++)
                {
                    thread.OrderedIteration = k;
                    thread.OrderedDone = false;
                    body.Invoke(space.ValueOf(k));
                    if (!thread.OrderedDone && team is not null)
                    {
                        WaitTurn(team, slot, k);
                        Volatile.Write(ref slot->OrderedNext, k + 1);
                    }
                }
            }
        }
        finally
        {
            thread.OrderedSlot = outerSlot;
            thread.OrderedAlone = outerAlone;
            thread.OrderedIteration = outerIteration;
            thread.OrderedDone = outerDone;
        }
    }

    /// <summary>Waits until iteration <paramref name="k"/> is next in order (or the region is abandoned).</summary>
    public static void WaitTurn(Team team, WorkshareSlot* slot, long k)
    {
        // The turn passes once per iteration: a waiter never sleeps here, it spins (yielding when the team has more
        // threads than cpus, or on long waits) and looks at cancellation now and then.
        WaitBudget budget = team.Budget;
        int spun = 0;
        int looks = 0;
        while (Volatile.Read(ref slot->OrderedNext) != k)
        {
            if ((++looks & 1023) == 0)
            {
                team.ThrowIfCancelled();
            }

            SpinPark.Idle(budget, ref spun);
        }
    }
}
