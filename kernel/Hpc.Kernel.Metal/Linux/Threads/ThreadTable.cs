using System.Threading;
using Hpc.Kernel.Metal.Memory;
using Hpc.Kernel.Metal.Platform;
using Hpc.Kernel.Metal.Runtime;
using Hpc.Kernel.Metal.Scheduling;

namespace Hpc.Kernel.Metal.Linux.Threads;

/// <summary>
/// Every thread of the program, in one array of raw memory (ids are 1 + the slot: the main thread is 1, the
/// process id), their kernel stacks, and the run queue of each cpu.
/// </summary>
internal static unsafe class ThreadTable
{
    /// <summary>Most threads a program creates in its life (slots are not reused yet).</summary>
    public const int MaxThreads = 512;
    /// <summary>Bytes of each thread's kernel stack (system calls run on it).</summary>
    public const ulong KernelStackSize = 64 * 1024;

    /// <summary>The threads.</summary>
    private static ProgramThread* s_threads;
    /// <summary>Slots handed out.</summary>
    private static int s_count;
    /// <summary>Threads that have not exited.</summary>
    private static int s_live;
    /// <summary>The run queues, one a cpu.</summary>
    private static RunQueue* s_queues;
    /// <summary>The idle contexts, one a cpu.</summary>
    private static ProgramThread* s_idle;

    /// <summary>Threads that have not exited.</summary>
    public static int Live => Volatile.Read(ref s_live);

    /// <summary>Claims the table and the run queues (before the first thread exists).</summary>
    public static void Setup()
    {
        s_threads = (ProgramThread*)PhysicalMemory.Claim((ulong)(MaxThreads * sizeof(ProgramThread)));
        s_queues = (RunQueue*)PhysicalMemory.Claim((ulong)(CpuLocal.MaxCpus * sizeof(RunQueue)));
        s_idle = (ProgramThread*)PhysicalMemory.Claim((ulong)(CpuLocal.MaxCpus * sizeof(ProgramThread)));
        for (int cpu = 0; cpu < CpuLocal.MaxCpus; cpu++)
        {
            s_queues[cpu].CpuIndex = cpu;
            s_idle[cpu].Cpu = cpu;
            s_idle[cpu].IsIdle = 1;
            s_idle[cpu].State = (int)ThreadRunState.Blocked;
        }
    }

    /// <summary>The run queue of cpu <paramref name="cpu"/>.</summary>
    public static RunQueue* QueueOf(int cpu) => s_queues + cpu;

    /// <summary>The idle context of cpu <paramref name="cpu"/>.</summary>
    public static ProgramThread* IdleOf(int cpu) => s_idle + cpu;

    /// <summary>Ids handed out so far (a slot being created may still read as null from <see cref="Find"/>).</summary>
    public static int Count => Volatile.Read(ref s_count) < MaxThreads ? Volatile.Read(ref s_count) : MaxThreads;

    /// <summary>The thread with id <paramref name="id"/>, or null.</summary>
    public static ProgramThread* Find(long id)
    {
        int count = Volatile.Read(ref s_count);
        return id >= 1 && id <= count && s_threads[id - 1].Id == id ? s_threads + id - 1 : null;
    }

    /// <summary>
    /// A new thread with a fresh kernel stack, bound to the cpu with the fewest live threads (on a tie, another cpu
    /// than the creating one: a thread is mostly made to run beside its creator, and the scheduler never moves it);
    /// null when the table is full. <paramref name="cpu"/> binds it to that cpu instead (the main thread: the cpu
    /// that enters the program).
    /// </summary>
    public static ProgramThread* Create(int cpu = -1)
    {
        int slot = Interlocked.Increment(ref s_count) - 1;
        if (slot >= MaxThreads)
        {
            return null;
        }

        ProgramThread* thread = s_threads + slot;
        thread->KernelStackTop = (ulong)PhysicalMemory.Claim(KernelStackSize) + KernelStackSize;
        thread->AltStackFlags = Syscalls.Signals.StackDisabled;
        thread->Cpu = cpu >= 0 ? cpu : LeastLoadedCpu();
        thread->Id = slot + 1;
        Interlocked.Increment(ref s_live);
        RunQueue* queue = QueueOf(thread->Cpu);
        Platform.SpinLock.Enter(ref queue->Lock);
        thread->NextOnCpu = queue->Bound;
        queue->Bound = thread;
        queue->LiveThreads++;
        Platform.SpinLock.Exit(ref queue->Lock);
        return thread;
    }

    /// <summary>Counts <paramref name="thread"/> out of the live threads; returns how many are left.</summary>
    public static int Retire(ProgramThread* thread)
    {
        RunQueue* queue = QueueOf(thread->Cpu);
        Platform.SpinLock.Enter(ref queue->Lock);
        queue->LiveThreads--;
        Platform.SpinLock.Exit(ref queue->Lock);
        return Interlocked.Decrement(ref s_live);
    }

    /// <summary>The online cpu with the fewest live threads, the calling one last among equals.</summary>
    private static int LeastLoadedCpu()
    {
        int self = CpuLocal.CurrentIndex, cpus = Smp.OnlineCount;
        int best = self;
        int bestLoad = Volatile.Read(ref QueueOf(self)->LiveThreads);
        for (int step = 1; step < cpus; step++)
        {
            int cpu = (self + step) % cpus;
            int load = Volatile.Read(ref QueueOf(cpu)->LiveThreads);
            if (load <= bestLoad && (load < bestLoad || best == self))
            {
                best = cpu;
                bestLoad = load;
            }
        }

        return best;
    }
}
