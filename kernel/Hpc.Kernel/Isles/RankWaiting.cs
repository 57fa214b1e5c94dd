namespace Hpc.Isles;

/// <summary>
/// How a rank waits for something that another rank, isle or the proxy will announce by bumping its doorbell:
/// under the isle scheduler it hands its core to a rank that can progress (or polls when none can); elsewhere (a
/// plain process, a thread outside any rank) it spins and then yields.
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
        while (Volatile.Read(ref *doorbell) == seen)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
        }
    }
}
