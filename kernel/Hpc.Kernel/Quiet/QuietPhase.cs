using System.Runtime;
using Hpc.Hosted;
using Hpc.Isles;

namespace Hpc.Quiet;

/// <summary>
/// A rank's quiet phase (see <see cref="Job.EnterQuietPhase"/>): holds the isle's shared no-GC region while any rank
/// is inside, and says what it could and could not arrange.
/// </summary>
public sealed class QuietPhase : IDisposable
{
    /// <summary>Guards the isle-wide region count.</summary>
    private static readonly Lock s_lock = new();
    /// <summary>Ranks of this process inside a quiet phase.</summary>
    private static int s_inside;
    /// <summary>True while this process holds a no-GC region it started.</summary>
    private static bool s_regionStarted;
    /// <summary>Set once disposed.</summary>
    private bool _disposed;

    /// <summary>Creates the result of one entry.</summary>
    private QuietPhase(bool noGcRegion, int movedThreads, bool memoryLocked, bool fifo)
    {
        NoGcRegion = noGcRegion;
        MovedThreads = movedThreads;
        MemoryLocked = memoryLocked;
        Fifo = fifo;
    }

    /// <summary>True when the isle is in a no-GC region (it may end early if the ranks allocate more than they said).</summary>
    public bool NoGcRegion { get; }

    /// <summary>Runtime threads moved to the housekeeping cpu by this entry.</summary>
    public int MovedThreads { get; }

    /// <summary>True when the process's memory is locked (mlockall).</summary>
    public bool MemoryLocked { get; }

    /// <summary>True when the calling thread runs under SCHED_FIFO.</summary>
    public bool Fifo { get; }

    /// <summary>The environment variable naming the housekeeping cpu (hermit-run --quiet sets it).</summary>
    public const string HousekeepingCpuVariable = "HPC_HOUSEKEEPING_CPU";

    /// <summary>The environment variable asking for SCHED_FIFO on ranks in a quiet phase (hermit-run --quiet-fifo).</summary>
    public const string FifoVariable = "HPC_QUIET_FIFO";

    /// <summary>Enters; see <see cref="Job.EnterQuietPhase"/>.</summary>
    internal static QuietPhase Enter(long allocationBytes)
    {
        bool region;
        lock (s_lock)
        {
            if (s_inside++ == 0)
            {
                long total = Math.Max(allocationBytes, 1L << 20) * RanksInProcess();
                // TryStartNoGCRegion collects first, then guarantees `total` bytes of allocation without a GC.
                try
                {
                    s_regionStarted = GC.TryStartNoGCRegion(total, disallowFullBlockingGC: false);
                }
                catch (ArgumentOutOfRangeException)
                {
                    s_regionStarted = false; // more than the GC can promise: the GC settings must do it alone
                }
            }

            region = s_regionStarted && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion;
        }

        // The caller is the rank's compute thread: it stays on its cpu whatever thread of the process it is.
        int moved = RuntimeThreads.MoveToHousekeeping(RuntimeThreads.HousekeepingCpu(), keep: LibC.GetThreadId());
        bool locked = QuietSystem.LockMemory();
        bool fifo = Environment.GetEnvironmentVariable(FifoVariable) == "1" && QuietSystem.EnterFifo();
        return new QuietPhase(region, moved, locked, fifo);
    }

    /// <summary>Leaves the phase; the last rank out ends the no-GC region.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (Fifo)
        {
            QuietSystem.LeaveFifo();
        }

        lock (s_lock)
        {
            if (--s_inside == 0 && s_regionStarted)
            {
                s_regionStarted = false;
                if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
                {
                    GC.EndNoGCRegion();
                }
            }
        }
    }

    /// <summary>Ranks hosted by this process: the isle's ranks under hermit-run, else 1.</summary>
    private static unsafe int RanksInProcess()
    {
        RankContext? context = RankContext.Current;
        if (context is null || context.OwnProcess)
        {
            return 1;
        }

        int count = 0;
        for (int rank = 0; rank < context.Size; rank++)
        {
            if (context.Segment.Rank(rank)->Isle == context.Isle)
            {
                count++;
            }
        }

        return Math.Max(count, 1);
    }
}
