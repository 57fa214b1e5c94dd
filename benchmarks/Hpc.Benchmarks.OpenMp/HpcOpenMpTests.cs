using Hpc.OpenMp;

namespace Hpc.Benchmarks.OpenMp;

/// <summary>The EPCC tests written with Hpc.OpenMp, construct for construct as in epcc_omp.c.</summary>
internal static class HpcOpenMpTests
{
    /// <summary>The team size.</summary>
    private static int s_threads;
    /// <summary>The shared sum of the atomic and reduction tests, alone on its cache lines (element 16 of a pinned-size array).</summary>
    private static readonly double[] s_sum = new double[32];
    /// <summary>The lock of the lock test.</summary>
    private static readonly OmpLock s_lock = new();
    /// <summary>The inner count of the test running now (read by the region bodies).</summary>
    private static int s_innerReps;

    /// <summary>Runs the chosen suites and prints their lines.</summary>
    public static void Run(bool sync, bool sched)
    {
        s_threads = Omp.MaxThreads;
        Omp.Parallel(static () => { }); // starts and binds the team before calibrating
        if (sync)
        {
            Epcc.Report("parallel", s_threads, Parallel, Epcc.ReferenceDelay);
            Epcc.Report("for", s_threads, For, Epcc.ReferenceDelay);
            Epcc.Report("parallel_for", s_threads, ParallelFor, Epcc.ReferenceDelay);
            Epcc.Report("barrier", s_threads, Barrier, Epcc.ReferenceDelay);
            Epcc.Report("single", s_threads, Single, Epcc.ReferenceDelay);
            Epcc.Report("critical", s_threads, Critical, Epcc.ReferenceDelay);
            Epcc.Report("lock", s_threads, Lock, Epcc.ReferenceDelay);
            Epcc.Report("atomic", s_threads, Atomic, ReferenceAtomic);
            Epcc.Report("reduction", s_threads, Reduction, Epcc.ReferenceDelay);
        }

        if (sched)
        {
            (string Name, Schedule Schedule)[] schedules =
            [
                ("sched_static", Schedule.Static()), ("sched_static_1", Schedule.Static(1)), ("sched_static_16", Schedule.Static(16)),
                ("sched_dynamic_1", Schedule.Dynamic(1)), ("sched_dynamic_16", Schedule.Dynamic(16)),
                ("sched_guided_1", Schedule.Guided(1)), ("sched_guided_16", Schedule.Guided(16)),
            ];
            foreach ((string name, Schedule schedule) in schedules)
            {
                Epcc.Report(name, s_threads, innerReps => Scheduled(innerReps, schedule), Epcc.ReferenceSchedule);
            }
        }
    }

    /// <summary>A delay as a loop body.</summary>
    private static readonly Action<int> s_delayIteration = static _ => Epcc.Delay(Epcc.DelayLength);
    /// <summary>A delay as a region body.</summary>
    private static readonly Action s_delayRegion = static () => Epcc.Delay(Epcc.DelayLength);
    /// <summary>A delay as a critical or single body.</summary>
    private static readonly Action s_delay = static () => Epcc.Delay(Epcc.DelayLength);

    /// <summary>PARALLEL.</summary>
    private static void Parallel(int innerReps)
    {
        for (int j = 0; j < innerReps; j++)
        {
            Omp.Parallel(s_delayRegion);
        }
    }

    /// <summary>FOR.</summary>
    private static void For(int innerReps)
    {
        s_innerReps = innerReps;
        Omp.Parallel(static () =>
        {
            int reps = s_innerReps;
            for (int j = 0; j < reps; j++)
            {
                Omp.For(0, s_threads, Schedule.Static(), s_delayIteration);
            }
        });
    }

    /// <summary>PARALLEL FOR.</summary>
    private static void ParallelFor(int innerReps)
    {
        for (int j = 0; j < innerReps; j++)
        {
            Omp.ParallelFor(0, s_threads, Schedule.Static(), s_delayIteration);
        }
    }

    /// <summary>BARRIER.</summary>
    private static void Barrier(int innerReps)
    {
        s_innerReps = innerReps;
        Omp.Parallel(static () =>
        {
            int reps = s_innerReps;
            for (int j = 0; j < reps; j++)
            {
                Epcc.Delay(Epcc.DelayLength);
                Omp.Barrier();
            }
        });
    }

    /// <summary>SINGLE.</summary>
    private static void Single(int innerReps)
    {
        s_innerReps = innerReps;
        Omp.Parallel(static () =>
        {
            int reps = s_innerReps;
            for (int j = 0; j < reps; j++)
            {
                Omp.Single(s_delay);
            }
        });
    }

    /// <summary>CRITICAL.</summary>
    private static void Critical(int innerReps)
    {
        s_innerReps = innerReps;
        Omp.Parallel(static () =>
        {
            int reps = s_innerReps / s_threads;
            for (int j = 0; j < reps; j++)
            {
                Omp.Critical(s_delay);
            }
        });
    }

    /// <summary>LOCK.</summary>
    private static void Lock(int innerReps)
    {
        s_innerReps = innerReps;
        Omp.Parallel(static () =>
        {
            int reps = s_innerReps / s_threads;
            for (int j = 0; j < reps; j++)
            {
                s_lock.Set();
                Epcc.Delay(Epcc.DelayLength);
                s_lock.Unset();
            }
        });
    }

    /// <summary>ATOMIC.</summary>
    private static void Atomic(int innerReps)
    {
        s_innerReps = innerReps;
        Omp.Parallel(static () =>
        {
            int reps = s_innerReps / s_threads;
            for (int j = 0; j < reps; j++)
            {
                Hpc.OpenMp.Atomic.Add(ref s_sum[16], 1.0);
            }
        });
    }

    /// <summary>The reference of ATOMIC: the same adds by one thread, plain (EPCC's atomic test has no delay).</summary>
    private static void ReferenceAtomic(int innerReps)
    {
        for (int j = 0; j < innerReps; j++)
        {
            s_sum[16] += 1.0;
        }
    }

    /// <summary>The body of REDUCTION's region.</summary>
    private static readonly Func<double> s_reductionBody = static () =>
    {
        Epcc.Delay(Epcc.DelayLength);
        return 1.0;
    };

    /// <summary>REDUCTION.</summary>
    private static void Reduction(int innerReps)
    {
        Reduction<double> sum = Hpc.OpenMp.Reduction.Sum<double>();
        for (int j = 0; j < innerReps; j++)
        {
            s_sum[16] += Omp.Parallel(sum, s_reductionBody);
        }
    }

    /// <summary>The schedule of the schedule test running now.</summary>
    private static Schedule s_schedule;
    /// <summary>A schedule test's iteration.</summary>
    private static readonly Action<int> s_scheduleIteration = static _ => Epcc.Delay(Epcc.ScheduleDelayLength);

    /// <summary>A schedule test: a region running innerReps loops of 64 iterations per thread.</summary>
    private static void Scheduled(int innerReps, Schedule schedule)
    {
        s_innerReps = innerReps;
        s_schedule = schedule;
        Omp.Parallel(static () =>
        {
            int reps = s_innerReps;
            for (int j = 0; j < reps; j++)
            {
                Omp.For(0, Epcc.ScheduleItersPerThread * s_threads, s_schedule, s_scheduleIteration);
            }
        });
    }
}
