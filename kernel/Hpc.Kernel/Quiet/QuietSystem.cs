using System.Runtime.InteropServices;

namespace Hpc.Quiet;

/// <summary>The system calls of a quiet phase: mlockall and SCHED_FIFO for the calling thread.</summary>
internal static partial class QuietSystem
{
    /// <summary>mlockall: pages mapped now.</summary>
    private const int McLCurrent = 1;
    /// <summary>mlockall: pages mapped later.</summary>
    private const int McLFuture = 2;
    /// <summary>mlockall: lock pages as they are faulted in rather than populating them (the GC reserves far more than it uses).</summary>
    private const int McLOnFault = 4;
    /// <summary>The real-time FIFO policy.</summary>
    private const int SchedFifo = 1;
    /// <summary>The default time-sharing policy.</summary>
    private const int SchedOther = 0;

    /// <summary>
    /// Locks the process's memory and faults it in now (committed heap included, so the no-GC region's pages take
    /// no first-touch fault while measuring; reserved, inaccessible ranges are skipped by the kernel); when that is
    /// refused, locks pages as they are touched instead. False when neither is allowed (no CAP_IPC_LOCK, low
    /// RLIMIT_MEMLOCK).
    /// </summary>
    public static bool LockMemory() => MLockAll(McLCurrent | McLFuture) == 0 || MLockAll(McLCurrent | McLFuture | McLOnFault) == 0;

    /// <summary>Puts the calling thread under SCHED_FIFO at the lowest real-time priority; false when not allowed.</summary>
    public static bool EnterFifo()
    {
        int priority = 1;
        return SchedSetScheduler(0, SchedFifo, ref priority) == 0;
    }

    /// <summary>Returns the calling thread to SCHED_OTHER.</summary>
    public static void LeaveFifo()
    {
        int priority = 0;
        _ = SchedSetScheduler(0, SchedOther, ref priority);
    }

    /// <summary>mlockall(2).</summary>
    [LibraryImport("libc", EntryPoint = "mlockall", SetLastError = true)]
    private static partial int MLockAll(int flags);

    /// <summary>sched_setscheduler(2) (the struct sched_param is one int).</summary>
    [LibraryImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    private static partial int SchedSetScheduler(int pid, int policy, ref int priority);
}
