using System.Runtime.InteropServices;

namespace Hpc.Kernel.Metal.Linux.Threads;

/// <summary>
/// One cpu's share of the scheduler: the thread it runs, the threads ready to run there (FIFO), every thread bound
/// to it, and its idle context. Only its own cpu takes threads out of the ready queue; other cpus put woken
/// threads in, under <see cref="Lock"/>. Two cache lines, so cpus do not share them.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct RunQueue
{
    /// <summary>Guards the queue, <see cref="Current"/> and the list (a <see cref="Platform.SpinLock"/> word).</summary>
    public int Lock;
    /// <summary>The cpu's index.</summary>
    public int CpuIndex;
    /// <summary>The thread whose kernel stack the cpu is on.</summary>
    public ProgramThread* Current;
    /// <summary>First ready thread.</summary>
    public ProgramThread* ReadyHead;
    /// <summary>Last ready thread.</summary>
    public ProgramThread* ReadyTail;
    /// <summary>Every thread bound to the cpu, dead ones included (linked through NextOnCpu).</summary>
    public ProgramThread* Bound;
    /// <summary>Live threads bound to the cpu (new threads go to the cpu with the fewest).</summary>
    public int LiveThreads;
    /// <summary>Padding to the cache line.</summary>
    private fixed byte _padding[64 - 44];
}
