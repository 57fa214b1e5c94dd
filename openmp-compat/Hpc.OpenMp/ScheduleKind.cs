namespace Hpc.OpenMp;

/// <summary>How a work-shared loop divides its iterations among the team (OpenMP's <c>schedule</c> kinds).</summary>
public enum ScheduleKind
{
    /// <summary>The kind is taken from the run-sched-var ICV (<c>OMP_SCHEDULE</c>, <see cref="Omp.SetSchedule"/>).</summary>
    Runtime = 0,

    /// <summary>Blocks fixed before the loop starts: one per thread, or chunks dealt round-robin.</summary>
    Static,

    /// <summary>Chunks of a fixed size taken by whichever thread is free.</summary>
    Dynamic,

    /// <summary>Chunks that shrink with the iterations left (never below the chunk size), taken by whichever thread is free.</summary>
    Guided,

    /// <summary>The implementation chooses: here the same as <see cref="Static"/>.</summary>
    Auto,
}
