using System.Threading;
using Hpc.Kernel.Metal.Drivers;
using Hpc.Kernel.Metal.Platform;

namespace Hpc.Kernel.Metal.Linux.Threads;

/// <summary>
/// The program threads' scheduler: tickless and cooperative. A cpu switches threads only where the running one
/// blocks (futex, sleep), yields or exits, and then only to a thread bound to it (no migration). A cpu with nothing
/// ready halts until an IPI (a thread woken from another cpu) or its one-shot deadline timer (the nearest deadline
/// of its blocked threads) wakes it; nothing else ever interrupts it.
/// Interrupts are off in the kernel, so a wake-up sent after a cpu's last look at its queue is taken at the
/// <c>hlt</c> (Cpu.WaitForInterrupt) and never lost.
/// </summary>
internal static unsafe class ThreadScheduler
{
    /// <summary>The FS base MSR (the program's TLS pointer), switched with the thread.</summary>
    private const uint FsBaseMsr = 0xC0000100;

    /// <summary>The thread running on the calling cpu.</summary>
    public static ProgramThread* Current => ThreadTable.QueueOf(CpuLocal.CurrentIndex)->Current;

    /// <summary>Makes <paramref name="thread"/> the calling cpu's running thread (the main thread, at program start).</summary>
    public static void Adopt(ProgramThread* thread)
    {
        RunQueue* queue = ThreadTable.QueueOf(CpuLocal.CurrentIndex);
        thread->State = (int)ThreadRunState.Running;
        queue->Current = thread;
        Cpu.Local()->SyscallStackTop = thread->KernelStackTop;
    }

    /// <summary>An application processor's life once the program runs: its idle context waits for threads bound to it.</summary>
    public static void RunIdle()
    {
        int cpu = CpuLocal.CurrentIndex;
        ProgramThread* idle = ThreadTable.IdleOf(cpu);
        ThreadTable.QueueOf(cpu)->Current = idle;
        Block(idle);
    }

    /// <summary>
    /// Blocks the calling cpu's current thread <paramref name="self"/>, whose state the caller has set to Blocked
    /// (or Dead), until it is Ready again; meanwhile the cpu runs its other ready threads or halts. Returns with
    /// <paramref name="self"/> running (a Dead or idle one never returns).
    /// </summary>
    public static void Block(ProgramThread* self)
    {
        RunQueue* queue = ThreadTable.QueueOf(self->Cpu);
        while (true)
        {
            Platform.SpinLock.Enter(ref queue->Lock);
            ulong nearest = ExpireDeadlines(queue);
            if (Volatile.Read(ref self->State) == (int)ThreadRunState.Ready)
            {
                self->State = (int)ThreadRunState.Running;
                Platform.SpinLock.Exit(ref queue->Lock);
                self->Deadline = 0;
                return;
            }

            ProgramThread* next = TakeReady(queue);
            if (next != null)
            {
                SwitchUnlocked(queue, self, next);
                // Something switched back to us: we were Ready and taken from the queue.
                self->Deadline = 0;
                return;
            }

            if (nearest != 0)
            {
                LocalApic.ArmDeadline(nearest);
            }

            Platform.SpinLock.Exit(ref queue->Lock);
            Cpu.WaitForInterrupt();
        }
    }

    /// <summary>
    /// Marks <paramref name="self"/> Blocked before <see cref="Block"/>, unless a signal it does not block is already
    /// pending: then it is made Ready again at once (the call returns EINTR). The full fence of the exchange pairs
    /// with the sender's (pending bit, then state): one of the two sees the other.
    /// </summary>
    public static void PrepareToBlock(ProgramThread* self)
    {
        Interlocked.Exchange(ref self->State, (int)ThreadRunState.Blocked);
        if (Signals.SignalDelivery.HasDeliverable(self))
        {
            Wake(self, WakeReason.Signal);
        }
    }

    /// <summary>sched_yield: the first ready thread of this cpu runs, and the caller goes to the back of the queue.</summary>
    public static void Yield()
    {
        ProgramThread* self = Current;
        RunQueue* queue = ThreadTable.QueueOf(self->Cpu);
        Platform.SpinLock.Enter(ref queue->Lock);
        ExpireDeadlines(queue);
        ProgramThread* next = TakeReady(queue);
        if (next == null)
        {
            Platform.SpinLock.Exit(ref queue->Lock);
            return;
        }

        self->State = (int)ThreadRunState.Ready;
        Append(queue, self);
        SwitchUnlocked(queue, self, next);
    }

    /// <summary>
    /// Moves <paramref name="thread"/> from Blocked to Ready for <paramref name="reason"/>; false when another waker
    /// (or its deadline) got there first or it was not blocked. Wakes its cpu with an IPI when that is not the caller's.
    /// </summary>
    public static bool Wake(ProgramThread* thread, WakeReason reason)
    {
        if (Interlocked.CompareExchange(ref thread->State, (int)ThreadRunState.Ready, (int)ThreadRunState.Blocked) != (int)ThreadRunState.Blocked)
        {
            return false;
        }

        thread->Reason = (int)reason;
        RunQueue* queue = ThreadTable.QueueOf(thread->Cpu);
        Platform.SpinLock.Enter(ref queue->Lock);
        // The cpu's current thread waits on its own stack and sees the state change itself.
        if (queue->Current != thread)
        {
            Append(queue, thread);
        }

        Platform.SpinLock.Exit(ref queue->Lock);
        if (thread->Cpu != CpuLocal.CurrentIndex)
        {
            LocalApic.SendWakeUp(CpuLocal.Of(thread->Cpu)->ApicId);
        }

        return true;
    }

    /// <summary>
    /// Wakes this cpu's blocked threads whose deadline has passed (the queue's lock held); returns the nearest
    /// deadline still ahead (0: none).
    /// </summary>
    private static ulong ExpireDeadlines(RunQueue* queue)
    {
        ulong now = Cpu.ReadTsc(), nearest = 0;
        for (ProgramThread* thread = queue->Bound; thread != null; thread = thread->NextOnCpu)
        {
            ulong deadline = thread->Deadline;
            if (deadline == 0 || Volatile.Read(ref thread->State) != (int)ThreadRunState.Blocked)
            {
                continue;
            }

            if (deadline <= now)
            {
                if (Interlocked.CompareExchange(ref thread->State, (int)ThreadRunState.Ready, (int)ThreadRunState.Blocked) == (int)ThreadRunState.Blocked)
                {
                    thread->Reason = (int)WakeReason.Timeout;
                    if (queue->Current != thread)
                    {
                        Append(queue, thread);
                    }
                }
            }
            else if (nearest == 0 || deadline < nearest)
            {
                nearest = deadline;
            }
        }

        return nearest;
    }

    /// <summary>Appends <paramref name="thread"/> to the ready queue (lock held).</summary>
    private static void Append(RunQueue* queue, ProgramThread* thread)
    {
        thread->NextReady = null;
        if (queue->ReadyTail == null)
        {
            queue->ReadyHead = thread;
        }
        else
        {
            queue->ReadyTail->NextReady = thread;
        }

        queue->ReadyTail = thread;
    }

    /// <summary>Takes the first ready thread (lock held), or null.</summary>
    private static ProgramThread* TakeReady(RunQueue* queue)
    {
        ProgramThread* thread = queue->ReadyHead;
        if (thread != null)
        {
            queue->ReadyHead = thread->NextReady;
            if (queue->ReadyHead == null)
            {
                queue->ReadyTail = null;
            }

            thread->NextReady = null;
        }

        return thread;
    }

    /// <summary>
    /// Switches the cpu from <paramref name="from"/> to <paramref name="next"/> and releases the queue's lock before the
    /// stack switch: only this cpu takes threads from its queue, so a waker that queues <paramref name="from"/>
    /// meanwhile cannot have it resumed before its registers are saved.
    /// </summary>
    private static void SwitchUnlocked(RunQueue* queue, ProgramThread* from, ProgramThread* next)
    {
        if (next->SavedRsp == 0 || next == from)
        {
            // A kernel bug (a thread queued on a cpu it was never switched out of): named rather than a jump to 0.
            Runtime.Panic.Stop("scheduler: switch from thread " + Number.Format(from->Id) + " to thread " + Number.Format(next->Id) + " (state " + Number.Format(next->State) + ", cpu " + Number.Format(next->Cpu) + ", idle " + Number.Format(from->IsIdle) + ") which has no saved context", 0);
        }

        next->State = (int)ThreadRunState.Running;
        queue->Current = next;
        Platform.SpinLock.Exit(ref queue->Lock);
        from->FsBase = Cpu.ReadMsr(FsBaseMsr);
        Cpu.WriteMsr(FsBaseMsr, next->FsBase);
        Cpu.Local()->SyscallStackTop = next->KernelStackTop;
        Cpu.SwitchContext(&from->SavedRsp, next->SavedRsp);
    }
}
