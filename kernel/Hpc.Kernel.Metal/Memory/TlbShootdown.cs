using System.Threading;
using Hpc.Kernel.Metal.Drivers;
using Hpc.Kernel.Metal.Platform;
using Hpc.Kernel.Metal.Scheduling;

namespace Hpc.Kernel.Metal.Memory;

/// <summary>
/// Keeps every cpu's TLB in step when mappings shrink (munmap, mprotect to less, madvise DONTNEED): the changing cpu
/// flushes itself, bumps a generation, sends the flush IPI to the others and waits until each has flushed at
/// least that generation — a frame is given back only after no cpu can still reach it through a stale entry.
/// A cpu that spins for a lock with interrupts off serves a pending flush itself (<see cref="ServePending"/>), so
/// two cpus never wait on each other.
/// </summary>
internal static unsafe class TlbShootdown
{
    /// <summary>The IPI vector of a flush request.</summary>
    public const int FlushVector = 0xF2;

    /// <summary>The latest requested generation.</summary>
    private static int s_generation;
    /// <summary>The generation each cpu has flushed (claimed on first use).</summary>
    private static int* s_flushed;

    /// <summary>Claims the per-cpu slots (before the first flush).</summary>
    public static void Setup() => s_flushed = (int*)PhysicalMemory.Claim((ulong)(CpuLocal.MaxCpus * sizeof(int)));

    /// <summary>Flushes every cpu's TLB; returns when all have.</summary>
    public static void FlushAll()
    {
        Cpu.FlushTlb();
        int cpus = Smp.OnlineCount;
        if (cpus <= 1)
        {
            return;
        }

        int generation = Interlocked.Increment(ref s_generation);
        int self = CpuLocal.CurrentIndex;
        s_flushed[self] = generation;
        for (int cpu = 0; cpu < cpus; cpu++)
        {
            if (cpu != self)
            {
                LocalApic.SendIpi(CpuLocal.Of(cpu)->ApicId, FlushVector | 0x4000);
            }
        }

        for (int cpu = 0; cpu < cpus; cpu++)
        {
            while (cpu != self && Volatile.Read(ref s_flushed[cpu]) - generation < 0)
            {
                ServePending();
                Cpu.Pause();
            }
        }
    }

    /// <summary>Flushes the calling cpu if a flush is requested that it has not done (the IPI's handler, and lock spinners).</summary>
    public static void ServePending()
    {
        if (s_flushed == null)
        {
            return;
        }

        int generation = Volatile.Read(ref s_generation);
        int self = CpuLocal.CurrentIndex;
        if (Volatile.Read(ref s_flushed[self]) != generation)
        {
            Cpu.FlushTlb();
            Volatile.Write(ref s_flushed[self], generation);
        }
    }
}
