using System.Diagnostics;
using Hpc.Hosted;

namespace Hpc.Scheduling;

/// <summary>
/// The scheduler of a hosted isle: each core runs exactly one rank thread at a time, tickless and cooperative, with
/// no migration. A rank keeps its core until it blocks in <see cref="WaitForDoorbell"/>; the core then goes straight
/// (futex hand-off) to the next rank of that core, round-robin, whose doorbell changed. If none can progress, the
/// blocked thread polls the core's doorbells (or sleeps on them, see <see cref="IdlePolicy.Park"/>). No timers, no
/// helper threads.
/// </summary>
/// <remarks>
/// Contract: every rank is registered before any rank thread starts, and each registered rank's thread calls
/// <see cref="Enter"/>, then its entry point, then <see cref="Exit"/> (also when the entry point throws). A rank
/// whose thread never enters keeps the other ranks of its core waiting once the core is handed to it.
/// </remarks>
internal sealed unsafe class IsleScheduler
{
    /// <summary>The rank whose thread is the calling thread, between <see cref="Enter"/> and <see cref="Exit"/>.</summary>
    [ThreadStatic]
    private static RankTask? s_current;

    /// <summary>The isle's cores by cpu.</summary>
    private readonly Dictionary<int, PerCoreScheduler> _cores = [];
    /// <summary>Ranks registered so far, to refuse duplicates.</summary>
    private readonly HashSet<int> _ranks = [];
    /// <summary>1 once a rank has entered: registration is closed.</summary>
    private int _started;

    /// <summary>Creates the scheduler of an isle running on <paramref name="cpus"/>.</summary>
    /// <exception cref="ArgumentException">No cpu, a negative or a repeated one.</exception>
    public IsleScheduler(IReadOnlyList<int> cpus, IdlePolicy idle = IdlePolicy.Poll)
    {
        ArgumentNullException.ThrowIfNull(cpus);
        if (cpus.Count == 0)
        {
            throw new ArgumentException("An isle needs at least one cpu.", nameof(cpus));
        }

        if (!Enum.IsDefined(idle))
        {
            throw new ArgumentOutOfRangeException(nameof(idle), idle, "Unknown idle policy.");
        }

        foreach (int cpu in cpus)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(cpu, nameof(cpus));
            if (!_cores.TryAdd(cpu, new PerCoreScheduler(cpu, idle)))
            {
                throw new ArgumentException($"Cpu {cpu} is listed twice.", nameof(cpus));
            }
        }

        Cpus = [.. cpus];
        Idle = idle;
    }

    /// <summary>The task of the calling thread, or null on a thread that is not a rank between Enter and Exit.</summary>
    public static RankTask? Current => s_current;

    /// <summary>The isle's cpus, as given.</summary>
    public IReadOnlyList<int> Cpus { get; }

    /// <summary>What a core does when all its ranks are blocked.</summary>
    public IdlePolicy Idle { get; }

    /// <summary>
    /// Adds a rank on <paramref name="cpu"/> before any rank thread starts. The first rank registered on a cpu holds
    /// that core at start. The doorbell is a full <see cref="Doorbell"/>: two words, 8-byte aligned, the second zero
    /// (under <see cref="IdlePolicy.Poll"/> the scheduler never writes it, but <see cref="Doorbell.Ring"/> reads it).
    /// </summary>
    /// <exception cref="ArgumentException">The cpu is not the isle's, the rank is registered already, or the doorbell is null or misaligned.</exception>
    /// <exception cref="InvalidOperationException">A rank has entered already.</exception>
    public RankTask Register(int rank, int cpu, int* doorbell)
    {
        if (Volatile.Read(ref _started) != 0)
        {
            throw new InvalidOperationException("Ranks must be registered before any rank enters.");
        }

        if (!_cores.TryGetValue(cpu, out PerCoreScheduler? core))
        {
            throw new ArgumentException($"Cpu {cpu} is not one of the isle's cpus ({string.Join(',', Cpus)}).", nameof(cpu));
        }

        if (doorbell is null)
        {
            throw new ArgumentException("The doorbell is a null pointer.", nameof(doorbell));
        }

        if ((nint)doorbell % Doorbell.Size != 0)
        {
            throw new ArgumentException($"The doorbell must be {Doorbell.Size}-byte aligned (counter and sleeping flag).", nameof(doorbell));
        }

        if (!_ranks.Add(rank))
        {
            throw new ArgumentException($"Rank {rank} is registered already.", nameof(rank));
        }

        return core.Add(this, rank, doorbell);
    }

    /// <summary>
    /// The first call on the rank's own thread: pins the thread to the rank's cpu and returns once the rank holds
    /// its core.
    /// </summary>
    /// <exception cref="ArgumentException">The task belongs to another scheduler.</exception>
    /// <exception cref="InvalidOperationException">The rank has entered already, or the thread runs another rank.</exception>
    /// <exception cref="ConfinementException">The thread cannot be pinned; the rank then counts as exited.</exception>
    public void Enter(RankTask task)
    {
        CheckOwn(task);
        if (s_current is not null)
        {
            throw new InvalidOperationException($"This thread already runs rank {s_current.Rank}.");
        }

        if (!task.TryMarkEntered())
        {
            throw new InvalidOperationException($"Rank {task.Rank} has entered already.");
        }

        Volatile.Write(ref _started, 1);
        try
        {
            CpuAffinity.PinCurrentThread(task.Cpu);
        }
        catch
        {
            // The rank cannot run, but its core will be handed to it: take the core and pass it on at once, so the
            // other ranks of the core go on (and see the failure through whatever ends the job).
            task.ParkUntilGranted();
            task.State = RankTaskState.Running;
            task.Core.Leave(task);
            throw;
        }

        task.ParkUntilGranted();
        Debug.Assert(task.Core.Holder == task && task.State == RankTaskState.NotStarted, "granted a fresh rank");
        task.State = RankTaskState.Running;
        s_current = task;
    }

    /// <summary>The rank's entry point returned or threw: hands its core on for good (or leaves it idle if it was the last).</summary>
    /// <exception cref="ArgumentException">The task belongs to another scheduler.</exception>
    /// <exception cref="InvalidOperationException">The calling thread is not running this rank.</exception>
    public void Exit(RankTask task)
    {
        CheckRunning(task);
        s_current = null;
        task.Core.Leave(task);
    }

    /// <summary>
    /// Returns when <c>*task.Doorbell != seen</c>. Meanwhile other ranks of the core run; if none of them can progress,
    /// this thread polls the core's doorbells and hands the core to the first rank whose doorbell changed.
    /// </summary>
    /// <param name="task">The calling rank.</param>
    /// <param name="seen">The doorbell value read before the rank checked its condition.</param>
    /// <exception cref="ArgumentException">The task belongs to another scheduler.</exception>
    /// <exception cref="InvalidOperationException">The calling thread is not running this rank.</exception>
    public void WaitForDoorbell(RankTask task, int seen)
    {
        CheckRunning(task);
        if (Volatile.Read(ref *task.Doorbell) != seen)
        {
            return;
        }

        task.Core.Block(task, seen);
    }

    /// <summary>
    /// Lets the other ranks of the core run before the caller goes on: when one of them is ready (not started,
    /// yielded, or blocked and rung), the core goes to it and comes back in round-robin order; otherwise returns at
    /// once. For a rank that polls (MPI's Test or Iprobe in a loop): its partner may be a rank of the same core.
    /// </summary>
    /// <exception cref="ArgumentException">The task belongs to another scheduler.</exception>
    /// <exception cref="InvalidOperationException">The calling thread is not running this rank.</exception>
    public void Yield(RankTask task)
    {
        CheckRunning(task);
        task.Core.Yield(task);
    }

    /// <summary>The rank holding <paramref name="cpu"/>'s core, or null once all its ranks exited (exact only when they have ended).</summary>
    internal RankTask? HolderOf(int cpu) => _cores[cpu].Holder;

    /// <summary>Throws unless the task is this scheduler's.</summary>
    private void CheckOwn(RankTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.Scheduler != this)
        {
            throw new ArgumentException($"Rank {task.Rank} belongs to another scheduler.", nameof(task));
        }
    }

    /// <summary>Throws unless the calling thread runs <paramref name="task"/> and holds its core.</summary>
    private void CheckRunning(RankTask task)
    {
        CheckOwn(task);
        if (s_current != task)
        {
            throw new InvalidOperationException($"The calling thread does not run rank {task.Rank}.");
        }

        Debug.Assert(task.State == RankTaskState.Running, "the current rank holds its core");
    }
}
