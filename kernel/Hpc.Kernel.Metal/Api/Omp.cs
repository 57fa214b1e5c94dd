using Hpc.Kernel.Metal.Scheduling;

namespace Hpc.OpenMp;

/// <summary>
/// The parallel loop of the metal isle, with the same call shape as Hpc.OpenMp on hosted isles: one team of all
/// the isle's cpus, static, dynamic and guided chunks, and a barrier.
/// </summary>
public static class Omp
{
    /// <summary>Runs <paramref name="body"/> for each i in [<paramref name="fromInclusive"/>, <paramref name="toExclusive"/>) with the runtime schedule.</summary>
    public static void ParallelFor(int fromInclusive, int toExclusive, System.Action<int> body) =>
        ParallelFor(fromInclusive, toExclusive, Schedule.Runtime, body);

    /// <summary>Runs <paramref name="body"/> for each i in [<paramref name="fromInclusive"/>, <paramref name="toExclusive"/>) with <paramref name="schedule"/>.</summary>
    public static void ParallelFor(int fromInclusive, int toExclusive, Schedule schedule, System.Action<int> body)
    {
        if (body is null)
        {
            throw new System.ArgumentNullException(nameof(body));
        }

        if (toExclusive <= fromInclusive)
        {
            return;
        }

        Team.For(fromInclusive, toExclusive, schedule.Kind, schedule.Chunk, body);
    }

    /// <summary>The calling thread's number in the team (0 outside a loop).</summary>
    public static int ThreadNum => Team.Member;

    /// <summary>Threads in the current team (1 outside a loop).</summary>
    public static int NumThreads => Team.Size;

    /// <summary>Threads a loop uses: the isle's cpus.</summary>
    public static int MaxThreads => Smp.CpuCount;

    /// <summary>Waits for every thread of the team (no-op outside a loop).</summary>
    public static void Barrier() => Team.Barrier();
}

/// <summary>How a loop's iterations are split among the team.</summary>
public readonly struct Schedule
{
    /// <summary>Creates a schedule.</summary>
    private Schedule(LoopKind kind, int chunk)
    {
        Kind = kind;
        Chunk = chunk;
    }

    /// <summary>The split.</summary>
    internal LoopKind Kind { get; }

    /// <summary>Chunk size (0 = one block per thread for static).</summary>
    internal int Chunk { get; }

    /// <summary>Fixed chunks round-robin; 0 = one block per thread.</summary>
    public static Schedule Static(int chunk = 0) => new(LoopKind.Static, chunk);

    /// <summary>Chunks claimed one at a time.</summary>
    public static Schedule Dynamic(int chunk = 1) => new(LoopKind.Dynamic, chunk);

    /// <summary>Shrinking chunks claimed one at a time.</summary>
    public static Schedule Guided(int chunk = 1) => new(LoopKind.Guided, chunk);

    /// <summary>The isle's default (static blocks: there is no OMP_SCHEDULE on metal).</summary>
    public static Schedule Runtime => new(LoopKind.Static, 0);
}
