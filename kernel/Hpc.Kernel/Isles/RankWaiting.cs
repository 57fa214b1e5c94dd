using System.Diagnostics;

namespace Hpc.Isles;

/// <summary>
/// How a rank waits for something that another rank, isle or the proxy will announce by bumping its doorbell:
/// under the isle scheduler it hands its core to a rank that can progress (or polls when none can); elsewhere (a
/// plain process, a thread outside any rank) it spins, yields, and then sleeps on the doorbell.
/// </summary>
internal static unsafe class RankWaiting
{
    /// <summary>
    /// True when the calling code may poll for what it waits for instead of waiting on its doorbell: no other rank
    /// needs the core (the caller is the last rank of its core, or not a rank of the isle scheduler at all).
    /// </summary>
    public static bool MayPoll(int* doorbell) =>
        Scheduling.IsleScheduler.Current is not { } task || task.Doorbell != doorbell || task.Core.HolderIsAlone;

    /// <summary>
    /// Lets other ranks of the caller's core run first, if any is ready (the caller polls and need not wait); outside
    /// the isle scheduler, yields the thread's time slice.
    /// </summary>
    public static void Yield(int* doorbell)
    {
        if (Scheduling.IsleScheduler.Current is { } task && task.Doorbell == doorbell)
        {
            task.Scheduler.Yield(task);
            return;
        }

        Thread.Yield();
    }

    /// <summary>Returns once <c>*doorbell != seen</c> (or spuriously; callers re-check their condition).</summary>
    public static void Wait(int* doorbell, int seen)
    {
        if (Scheduling.IsleScheduler.Current is { } task && task.Doorbell == doorbell)
        {
            task.Scheduler.WaitForDoorbell(task, seen);
            return;
        }

        var spinner = new SpinWait();
        long sleepAt = Stopwatch.GetTimestamp() + s_spinTicks;
        while (Stopwatch.GetTimestamp() < sleepAt)
        {
            if (Volatile.Read(ref *doorbell) != seen)
            {
                return;
            }

            spinner.SpinOnce(sleep1Threshold: -1);
        }

        // A rank with its own process (--aot, a metal isle) has no isle scheduler owning the doorbell's sleeping flag:
        // it raises the flag itself, so Doorbell.Ring wakes it (on metal the kernel polls the word: a ring from another
        // VM cannot wake it). The bound covers a wake lost to another thread of the rank clearing the flag meanwhile.
        // It stays here until the doorbell moves: returning on the bound would make the engine republish its wait
        // record, and a record that never keeps still hides a deadlock from the proxy.
        while (Volatile.Read(ref *doorbell) == seen)
        {
            Hosted.Doorbell.MarkSleeping(doorbell);
            if (Volatile.Read(ref *doorbell) == seen)
            {
                Hosted.Futex.Wait(doorbell, seen, SleepBoundMilliseconds);
            }
        }

        Hosted.Doorbell.ClearSleeping(doorbell);
    }

    /// <summary>
    /// How long a waiter outside the isle scheduler spins before it sleeps (200 µs: as under MPICH, a rank that waits
    /// for a message polls; the sleep is for a rank that waits long, e.g. in a barrier behind a slow one).
    /// </summary>
    private static readonly long s_spinTicks = Stopwatch.Frequency / 5000;

    /// <summary>The longest sleep outside the isle scheduler before the doorbell is read again.</summary>
    private const int SleepBoundMilliseconds = 100;
}
