using System.Runtime.InteropServices;

namespace Hpc.Kernel.Metal.Linux.Threads;

/// <summary>
/// One thread of the Linux program: a kernel thread with its own kernel stack, bound to one cpu for its life (no
/// migration). Raw memory from <see cref="ThreadTable"/>, so the scheduler and interrupt paths allocate nothing.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ProgramThread
{
    /// <summary>The thread id gettid returns (the main thread's is the process id).</summary>
    public int Id;
    /// <summary>Index of the cpu that runs it.</summary>
    public int Cpu;
    /// <summary>A <see cref="ThreadRunState"/>, changed with compare-and-swap where wakers race.</summary>
    public int State;
    /// <summary>A <see cref="WakeReason"/>: set by whoever moved it from Blocked to Ready.</summary>
    public int Reason;
    /// <summary>Top of its kernel stack (the cpu's system-call stack while it runs).</summary>
    public ulong KernelStackTop;
    /// <summary>Its kernel RSP while another thread runs on its cpu (Cpu.SwitchContext saves it here).</summary>
    public ulong SavedRsp;
    /// <summary>Its FS base (TLS pointer) while it is switched out.</summary>
    public ulong FsBase;
    /// <summary>CLONE_CHILD_CLEARTID / set_tid_address: zeroed and FUTEX_WAKE'd when it exits.</summary>
    public ulong ClearChildTid;
    /// <summary>set_robust_list's head.</summary>
    public ulong RobustList;
    /// <summary>The futex word it waits on (0 when not waiting).</summary>
    public ulong FutexAddress;
    /// <summary>The FUTEX_WAIT_BITSET mask it waits with (all ones for FUTEX_WAIT).</summary>
    public uint FutexBitset;
    /// <summary>Padding.</summary>
    private uint _padding;
    /// <summary>TSC value at which a blocked wait ends (0: none).</summary>
    public ulong Deadline;
    /// <summary>Next thread in its cpu's ready queue.</summary>
    public ProgramThread* NextReady;
    /// <summary>Next thread bound to the same cpu (the cpu scans them for passed deadlines).</summary>
    public ProgramThread* NextOnCpu;
    /// <summary>Signals blocked (bit n-1 for signal n).</summary>
    public ulong BlockedSignals;
    /// <summary>Signals sent to it and not yet delivered.</summary>
    public ulong PendingSignals;
    /// <summary>sigaltstack: base.</summary>
    public ulong AltStackBase;
    /// <summary>sigaltstack: size.</summary>
    public ulong AltStackSize;
    /// <summary>sigaltstack: flags (SS_DISABLE until set).</summary>
    public int AltStackFlags;
    /// <summary>Non-zero for a cpu's idle context (never a program thread; never woken).</summary>
    public int IsIdle;
}
