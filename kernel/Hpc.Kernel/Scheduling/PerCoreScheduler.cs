using System.Diagnostics;
using System.Runtime.Intrinsics.X86;

using Hpc.Hosted;

namespace Hpc.Scheduling;

/// <summary>
/// The ranks of one core and the baton they pass: exactly one of them (the holder) runs, every other one is parked
/// on its own futex word or has not started or has exited. Only the holder reads or writes the core's state; the
/// hand-off (<see cref="RankTask.Grant"/>, an interlocked exchange) publishes it to the next holder.
/// </summary>
internal sealed unsafe class PerCoreScheduler
{
    /// <summary>Rounds over the doorbells a polling core makes before it sleeps under <see cref="IdlePolicy.Park"/>.</summary>
    private const int PollRoundsBeforePark = 4096;

    /// <summary>What the core does when all its ranks are blocked.</summary>
    private readonly IdlePolicy _idle;
    /// <summary>The core's ranks in registration (round-robin) order; replaced, never changed, while registering.</summary>
    private RankTask[] _tasks = [];
    /// <summary>The rank holding the core, or null once every rank has exited.</summary>
    private RankTask? _holder;
    /// <summary>Ranks of the core whose entry point has not ended.</summary>
    private int _ranksLeft;
    /// <summary>Set when the kernel lacks <c>futex_waitv</c>: the core polls even under <see cref="IdlePolicy.Park"/>.</summary>
    private bool _cannotPark;

    /// <summary>Creates an empty core.</summary>
    public PerCoreScheduler(int cpu, IdlePolicy idle)
    {
        Cpu = cpu;
        _idle = idle;
    }

    /// <summary>The cpu.</summary>
    public int Cpu { get; }

    /// <summary>The rank holding the core (null when idle for good). Exact only when read by the holder or after the ranks ended.</summary>
    public RankTask? Holder => Volatile.Read(ref _holder);

    /// <summary>
    /// True when the holder is the only rank of the core left: polling then keeps no other rank from running.
    /// Read by the holder only.
    /// </summary>
    public bool HolderIsAlone => _ranksLeft == 1;

    /// <summary>Adds a rank (before any rank thread starts); the first one holds the core at start.</summary>
    public RankTask Add(IsleScheduler scheduler, int rank, int* doorbell)
    {
        bool first = _tasks.Length == 0;
        var task = new RankTask(scheduler, this, _tasks.Length, rank, doorbell, holdsCore: first);
        _tasks = [.. _tasks, task];
        _ranksLeft++;
        if (first)
        {
            _holder = task;
        }

        return task;
    }

    /// <summary>
    /// Called by the holder, whose doorbell still reads <paramref name="seen"/>: runs other ranks until this one's
    /// doorbell changes and the core comes back to it.
    /// </summary>
    public void Block(RankTask task, int seen)
    {
        Debug.Assert(_holder == task && task.State == RankTaskState.Running, "only the holder blocks");
        task.Seen = seen;
        task.State = RankTaskState.Blocked;
        while (true)
        {
            RankTask next = FindReady(task.Index) ?? PollUntilReady(task.Index);
            if (next == task)
            {
                break;
            }

            HandTo(next);
            task.ParkUntilGranted();

            // Granted because our doorbell changed, or because the holder exited and had no ready rank to run.
            if (task.IsReady)
            {
                break;
            }
        }

        task.State = RankTaskState.Running;
    }

    /// <summary>
    /// Called by the holder, which could go on running: hands the core to the next ready rank of the core, if there
    /// is one, and returns when the core comes back in round-robin order (at once when no other rank is ready).
    /// </summary>
    public void Yield(RankTask task)
    {
        Debug.Assert(_holder == task && task.State == RankTaskState.Running, "only the holder yields");
        RankTask? next = FindReady(task.Index);
        if (next is null || next == task)
        {
            return;
        }

        task.State = RankTaskState.Yielded;
        HandTo(next);
        task.ParkUntilGranted();
        task.State = RankTaskState.Running;
    }

    /// <summary>Called by the holder whose entry point ended: hands the core on for good, or leaves it idle.</summary>
    public void Leave(RankTask task)
    {
        Debug.Assert(_holder == task && task.State == RankTaskState.Running, "only the holder leaves");
        task.State = RankTaskState.Exited;
        _ranksLeft--;

        // A blocked rank whose doorbell did not change still gets the core: someone must poll for the others.
        RankTask? next = FindReady(task.Index) ?? FindBlocked(task.Index);
        if (next is null)
        {
            Volatile.Write(ref _holder, null);
            return;
        }

        HandTo(next);
    }

    /// <summary>The first ready rank after position <paramref name="after"/>, round-robin, that one last; or null.</summary>
    private RankTask? FindReady(int after)
    {
        RankTask[] tasks = _tasks;
        for (int step = 1; step <= tasks.Length; step++)
        {
            RankTask candidate = tasks[(after + step) % tasks.Length];
            if (candidate.IsReady)
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The first blocked rank after position <paramref name="after"/>, round-robin; or null.</summary>
    private RankTask? FindBlocked(int after)
    {
        RankTask[] tasks = _tasks;
        for (int step = 1; step <= tasks.Length; step++)
        {
            RankTask candidate = tasks[(after + step) % tasks.Length];
            if (candidate.State == RankTaskState.Blocked)
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Polls the doorbells (sleeping between rounds under <see cref="IdlePolicy.Park"/>) until a rank is ready.</summary>
    private RankTask PollUntilReady(int after)
    {
        int rounds = 0;
        while (true)
        {
            if (_idle == IdlePolicy.Park)
            {
                // Under Park the cpu is shared with threads outside the isle (the node proxy's link, which delivers
                // messages from other nodes): a round that only paused would hold the cpu until the kernel preempts
                // it, a slice later; a yield lets a runnable one go first and costs a system call when none is.
                Thread.Yield();
            }
            else if (X86Base.IsSupported)
            {
                X86Base.Pause();
            }
            else
            {
                Thread.SpinWait(1);
            }

            if (FindReady(after) is { } ready)
            {
                return ready;
            }

            if (_idle == IdlePolicy.Park && !_cannotPark && ++rounds >= PollRoundsBeforePark)
            {
                SleepUntilRung();
                rounds = 0;
            }
        }
    }

    /// <summary>
    /// Sleeps in one <c>futex_waitv</c> on the doorbells of all blocked ranks (every rank of the core that has not
    /// exited is blocked here), each flagged so that <see cref="Doorbell.Ring"/> wakes the core.
    /// </summary>
    private void SleepUntilRung()
    {
        RankTask[] tasks = _tasks;
        if (tasks.Length > Futex.WaitvMax)
        {
            // More doorbells than one futex_waitv takes: keep polling (documented limit of idle parking).
            _cannotPark = true;
            return;
        }

        Span<Futex.WaitvEntry> entries = stackalloc Futex.WaitvEntry[tasks.Length];
        int count = 0;
        foreach (RankTask task in tasks)
        {
            if (task.State == RankTaskState.Blocked)
            {
                Doorbell.MarkSleeping(task.Doorbell);
                entries[count++] = Futex.WaitvEntry.Shared(task.Doorbell, task.Seen);
            }
        }

        Debug.Assert(count > 0, "the polling holder itself is blocked");
        if (!Futex.WaitAny(entries[..count]))
        {
            _cannotPark = true;
        }

        foreach (RankTask task in tasks)
        {
            if (task.State == RankTaskState.Blocked)
            {
                Doorbell.ClearSleeping(task.Doorbell);
            }
        }
    }

    /// <summary>Makes <paramref name="next"/> the holder and wakes it; the caller then parks or ends.</summary>
    private void HandTo(RankTask next)
    {
        // Written before the grant's interlocked exchange, so the next holder reads it.
        _holder = next;
        next.Grant();
    }
}
