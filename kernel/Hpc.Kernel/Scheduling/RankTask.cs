using System.Diagnostics;
using Hpc.Hosted;

namespace Hpc.Scheduling;

/// <summary>
/// One rank as the isle scheduler sees it: its core, its doorbell, and the word its thread parks on while another
/// rank holds the core. Created by <see cref="IsleScheduler.Register"/>.
/// </summary>
internal sealed unsafe class RankTask
{
    /// <summary>Park word: the thread is not asleep in the kernel and the core is not granted.</summary>
    private const int ParkIdle = 0;
    /// <summary>Park word: the core was handed to this rank.</summary>
    private const int ParkGranted = 1;
    /// <summary>Park word: the thread sleeps (or is about to) in FUTEX_WAIT; a grant must wake it.</summary>
    private const int ParkSleeping = 2;
    /// <summary>Ints in a cache line.</summary>
    private const int IntsPerLine = 16;

    /// <summary>Pinned memory holding the park word on a cache line of its own.</summary>
    private readonly int[] _parkLine;
    /// <summary>The park word (see the Park* constants); only this rank sleeps on it.</summary>
    private readonly int* _parkWord;
    /// <summary>1 once <see cref="IsleScheduler.Enter"/> has been called for this rank.</summary>
    private int _entered;

    /// <summary>Creates the task; <paramref name="holdsCore"/> for the first rank of a core, which starts with it.</summary>
    internal RankTask(IsleScheduler scheduler, PerCoreScheduler core, int index, int rank, int* doorbell, bool holdsCore)
    {
        Scheduler = scheduler;
        Core = core;
        Index = index;
        Rank = rank;
        Doorbell = doorbell;
        _parkLine = GC.AllocateArray<int>(2 * IntsPerLine, pinned: true);
        fixed (int* line = _parkLine)
        {
            // The array is pinned, so the pointer stays valid; round up to the next 64-byte boundary.
            _parkWord = (int*)(((nint)line + 63) & ~(nint)63);
        }

        *_parkWord = holdsCore ? ParkGranted : ParkIdle;
    }

    /// <summary>The rank.</summary>
    public int Rank { get; }

    /// <summary>The cpu the rank runs on, for good.</summary>
    public int Cpu => Core.Cpu;

    /// <summary>The rank's doorbell counter (see <see cref="Hosted.Doorbell"/>).</summary>
    public int* Doorbell { get; }

    /// <summary>The scheduler the rank belongs to.</summary>
    internal IsleScheduler Scheduler { get; }

    /// <summary>The rank's core.</summary>
    internal PerCoreScheduler Core { get; }

    /// <summary>The rank's position among the ranks of its core (round-robin order).</summary>
    internal int Index { get; }

    /// <summary>Where the rank stands; written only by the thread holding the core.</summary>
    internal RankTaskState State { get; set; }

    /// <summary>While <see cref="RankTaskState.Blocked"/>: the doorbell value the rank waits to see change.</summary>
    internal int Seen { get; set; }

    /// <summary>True when running the rank would make progress: not started yet, yielded, or blocked and rung.</summary>
    internal bool IsReady =>
        State is RankTaskState.NotStarted or RankTaskState.Yielded ||
        (State == RankTaskState.Blocked && Volatile.Read(ref *Doorbell) != Seen);

    /// <summary>Marks the rank entered; false if it already was.</summary>
    internal bool TryMarkEntered() => Interlocked.Exchange(ref _entered, 1) == 0;

    /// <summary>Hands the core to this rank: its thread leaves <see cref="ParkUntilGranted"/> (now or when it gets there).</summary>
    internal void Grant()
    {
        // Skip the wake system call when the thread is not asleep yet (e.g. it has not reached Enter).
        if (Interlocked.Exchange(ref *_parkWord, ParkGranted) == ParkSleeping)
        {
            Futex.WakeOnePrivate(_parkWord);
        }
    }

    /// <summary>Sleeps on the park word until the core is granted to this rank, then consumes the grant.</summary>
    internal void ParkUntilGranted()
    {
        while (true)
        {
            int word = Interlocked.CompareExchange(ref *_parkWord, ParkSleeping, ParkIdle);
            if (word == ParkGranted)
            {
                break;
            }

            Debug.Assert(word is ParkIdle or ParkSleeping, "park word holds a known state");
            Futex.WaitPrivate(_parkWord, ParkSleeping);
        }

        // Only this thread resets its word, and no one grants it again before it hands the core on.
        Volatile.Write(ref *_parkWord, ParkIdle);
    }
}
