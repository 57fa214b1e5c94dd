using System.Threading;
using Hpc.Kernel.Metal.Drivers;
using Hpc.Kernel.Metal.Platform;

namespace Hpc.Kernel.Metal.Scheduling;

/// <summary>How a loop's iterations are split.</summary>
internal enum LoopKind
{
    /// <summary>Fixed chunks handed round-robin (chunk 0: one block per cpu).</summary>
    Static,
    /// <summary>Chunks claimed one at a time from a shared counter.</summary>
    Dynamic,
    /// <summary>Shrinking chunks claimed from a shared counter.</summary>
    Guided,
}

/// <summary>
/// The isle's one team: every cpu. The bootstrap processor publishes a loop (body, range, schedule), bumps the
/// generation and wakes the others with an IPI; each cpu runs its share and checks in; idle cpus sit in
/// <c>hlt</c>. Interrupts are off except inside that <c>hlt</c>, so a wake-up sent after a cpu's last look at the
/// generation is taken at the <c>hlt</c> and never lost.
/// </summary>
internal static unsafe class Team
{
    /// <summary>The loop body being run.</summary>
    private static System.Action<int>? s_body;
    /// <summary>First iteration.</summary>
    private static int s_from;
    /// <summary>One past the last iteration.</summary>
    private static int s_to;
    /// <summary>Schedule kind.</summary>
    private static LoopKind s_kind;
    /// <summary>Chunk size.</summary>
    private static int s_chunk;
    /// <summary>Next unclaimed iteration for dynamic and guided schedules.</summary>
    private static int s_next;
    /// <summary>Loop generation; a change means new work.</summary>
    private static int s_generation;
    /// <summary>Cpus done with the current loop.</summary>
    private static int s_done;
    /// <summary>Cpus in the current loop.</summary>
    private static int s_size = 1;
    /// <summary>Barrier arrivals in the current phase.</summary>
    private static int s_barrierArrived;
    /// <summary>Barrier phase; a change releases the waiters.</summary>
    private static int s_barrierPhase;
    /// <summary>Iterations each cpu ran in the last loop (tests check every cpu took part).</summary>
    private static int* s_iterationsByCpu;

    /// <summary>Number of cpus in a loop now (1 outside loops).</summary>
    public static int Size => Cpu.Local()->InLoop != 0 ? s_size : 1;

    /// <summary>The calling cpu's number in the loop (0 outside loops).</summary>
    public static int Member => Cpu.Local()->InLoop != 0 ? Cpu.Local()->Index : 0;

    /// <summary>Iterations cpu <paramref name="cpu"/> ran in the last loop.</summary>
    public static int IterationsOf(int cpu) => s_iterationsByCpu == null ? 0 : s_iterationsByCpu[cpu];

    /// <summary>Runs <paramref name="body"/> for every i in [<paramref name="from"/>, <paramref name="to"/>) on all cpus; returns when all are done.</summary>
    public static void For(int from, int to, LoopKind kind, int chunk, System.Action<int> body)
    {
        CpuLocal* local = Cpu.Local();
        if (local->InLoop != 0 || local->Index != 0 || Smp.CpuCount == 1)
        {
            // Nested loops and loops from other cpus run on the calling cpu alone.
            for (int i = from; i < to; i++)
            {
                body(i);
            }

            return;
        }

        if (s_iterationsByCpu == null)
        {
            s_iterationsByCpu = (int*)Memory.PhysicalMemory.Claim((ulong)(CpuLocal.MaxCpus * sizeof(int)));
        }

        s_body = body;
        s_from = from;
        s_to = to;
        s_kind = kind;
        s_chunk = chunk;
        s_next = from;
        s_size = Smp.CpuCount;
        s_done = 0;
        Interlocked.Increment(ref s_generation);
        for (int cpu = 1; cpu < s_size; cpu++)
        {
            LocalApic.SendWakeUp(CpuLocal.Of(cpu)->ApicId);
        }

        RunShare(local);
        while (Volatile.Read(ref s_done) < s_size - 1)
        {
            Cpu.Pause();
        }

        s_body = null;
    }

    /// <summary>An application processor's life: wait in hlt for a new generation, run its share, report.</summary>
    public static void IdleLoop(CpuLocal* local)
    {
        int seen = Volatile.Read(ref s_generation);
        while (true)
        {
            if (Smp.HandedOver != null)
            {
                Smp.HandedOver();
            }

            int generation = Volatile.Read(ref s_generation);
            if (generation == seen)
            {
                Cpu.WaitForInterrupt();
                continue;
            }

            seen = generation;
            RunShare(local);
            Interlocked.Increment(ref s_done);
        }
    }

    /// <summary>Runs the calling cpu's iterations of the published loop.</summary>
    private static void RunShare(CpuLocal* local)
    {
        local->InLoop = 1;
        System.Action<int> body = s_body!;
        int member = local->Index, size = s_size, from = s_from, to = s_to, chunk = s_chunk, count = 0;
        if (s_kind == LoopKind.Static)
        {
            long total = (long)to - from;
            if (chunk <= 0)
            {
                int start = from + (int)(total * member / size), end = from + (int)(total * (member + 1) / size);
                for (int i = start; i < end; i++)
                {
                    body(i);
                }

                count = end - start;
            }
            else
            {
                for (long blockStart = from + (long)member * chunk; blockStart < to; blockStart += (long)size * chunk)
                {
                    int end = (int)(blockStart + chunk < to ? blockStart + chunk : to);
                    for (int i = (int)blockStart; i < end; i++)
                    {
                        body(i);
                    }

                    count += end - (int)blockStart;
                }
            }
        }
        else
        {
            if (chunk <= 0)
            {
                chunk = 1;
            }

            while (true)
            {
                int take = chunk;
                if (s_kind == LoopKind.Guided)
                {
                    int remaining = to - Volatile.Read(ref s_next);
                    int guided = remaining / (2 * size);
                    take = guided > chunk ? guided : chunk;
                }

                int start = Interlocked.Add(ref s_next, take) - take;
                if (start >= to)
                {
                    break;
                }

                int end = start + take < to ? start + take : to;
                for (int i = start; i < end; i++)
                {
                    body(i);
                }

                count += end - start;
            }
        }

        s_iterationsByCpu[member] = count;
        local->InLoop = 0;
    }

    /// <summary>Waits until every cpu of the running loop has arrived (no-op outside loops).</summary>
    public static void Barrier()
    {
        if (Cpu.Local()->InLoop == 0 || s_size == 1)
        {
            return;
        }

        int phase = Volatile.Read(ref s_barrierPhase);
        if (Interlocked.Increment(ref s_barrierArrived) == s_size)
        {
            s_barrierArrived = 0;
            Interlocked.Increment(ref s_barrierPhase);
            return;
        }

        while (Volatile.Read(ref s_barrierPhase) == phase)
        {
            Cpu.Pause();
        }
    }
}
