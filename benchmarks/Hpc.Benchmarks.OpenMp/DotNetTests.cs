namespace Hpc.Benchmarks.OpenMp;

/// <summary>
/// The EPCC tests written with what .NET offers: <see cref="System.Threading.Tasks.Parallel.For(int, int, Action{int})"/>
/// for regions and loops, <see cref="System.Threading.Barrier"/>, <c>lock</c>, <see cref="Interlocked"/>, and
/// Parallel.For's thread-local reduction. FOR and SINGLE have no .NET counterpart and are not printed; the schedule
/// tests use Parallel.For's own partitioning (measured once, as sched_static).
/// </summary>
internal static class DotNetTests
{
    /// <summary>The number of threads (Parallel.For's degree of parallelism).</summary>
    private static int s_threads;
    /// <summary>Caps Parallel.For at the thread count, as a team of that size.</summary>
    private static ParallelOptions s_options = new();
    /// <summary>The shared sum of the atomic and reduction tests, alone on its cache lines (element 16).</summary>
    private static readonly double[] s_sum = new double[32];
    /// <summary>The lock of the critical and lock tests.</summary>
    private static readonly Lock s_gate = new();

    /// <summary>Runs the chosen suites with <paramref name="threads"/> threads and prints their lines.</summary>
    public static void Run(int threads, bool sync, bool sched)
    {
        s_threads = threads;
        s_options = new ParallelOptions { MaxDegreeOfParallelism = threads };
        ThreadPool.SetMinThreads(threads, threads);
        if (sync)
        {
            Epcc.Report("parallel", threads, Region, Epcc.ReferenceDelay);
            Epcc.Report("parallel_for", threads, Region, Epcc.ReferenceDelay);
            Epcc.Report("barrier", threads, BarrierTest, Epcc.ReferenceDelay);
            Epcc.Report("critical", threads, Critical, Epcc.ReferenceDelay);
            Epcc.Report("lock", threads, Critical, Epcc.ReferenceDelay);
            Epcc.Report("atomic", threads, Atomic, ReferenceAtomic);
            Epcc.Report("reduction", threads, Reduction, Epcc.ReferenceDelay);
        }

        if (sched)
        {
            Epcc.Report("sched_static", threads, Scheduled, Epcc.ReferenceSchedule);
        }
    }

    /// <summary>A delay per index.</summary>
    private static readonly Action<int> s_delayIteration = static _ => Epcc.Delay(Epcc.DelayLength);

    /// <summary>PARALLEL and PARALLEL FOR: Parallel.For over one index per thread.</summary>
    private static void Region(int innerReps)
    {
        for (int j = 0; j < innerReps; j++)
        {
            System.Threading.Tasks.Parallel.For(0, s_threads, s_options, s_delayIteration);
        }
    }

    /// <summary>BARRIER: one Parallel.For index per thread, each looping over delay and SignalAndWait.</summary>
    private static void BarrierTest(int innerReps)
    {
        using var barrier = new Barrier(s_threads);
        System.Threading.Tasks.Parallel.For(0, s_threads, s_options, _ =>
        {
            for (int j = 0; j < innerReps; j++)
            {
                Epcc.Delay(Epcc.DelayLength);
                barrier.SignalAndWait();
            }
        });
    }

    /// <summary>CRITICAL and LOCK: a lock statement.</summary>
    private static void Critical(int innerReps)
    {
        System.Threading.Tasks.Parallel.For(0, s_threads, s_options, _ =>
        {
            int reps = innerReps / s_threads;
            for (int j = 0; j < reps; j++)
            {
                lock (s_gate)
                {
                    Epcc.Delay(Epcc.DelayLength);
                }
            }
        });
    }

    /// <summary>ATOMIC: a compare-and-swap add of a double.</summary>
    private static void Atomic(int innerReps)
    {
        System.Threading.Tasks.Parallel.For(0, s_threads, s_options, _ =>
        {
            int reps = innerReps / s_threads;
            for (int j = 0; j < reps; j++)
            {
                double current = Volatile.Read(ref s_sum[16]);
                while (true)
                {
                    double seen = Interlocked.CompareExchange(ref s_sum[16], current + 1.0, current);
                    if (seen.Equals(current))
                    {
                        break;
                    }

                    current = seen;
                }
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

    /// <summary>REDUCTION: Parallel.For with thread-local partials combined under a lock.</summary>
    private static void Reduction(int innerReps)
    {
        for (int j = 0; j < innerReps; j++)
        {
            System.Threading.Tasks.Parallel.For(0, s_threads, s_options, static () => 0.0, static (_, _, local) =>
            {
                Epcc.Delay(Epcc.DelayLength);
                return local + 1.0;
            }, static local =>
            {
                lock (s_gate)
                {
                    s_sum[16] += local;
                }
            });
        }
    }

    /// <summary>The schedule test with Parallel.For's default partitioning.</summary>
    private static void Scheduled(int innerReps)
    {
        for (int j = 0; j < innerReps; j++)
        {
            System.Threading.Tasks.Parallel.For(0, Epcc.ScheduleItersPerThread * s_threads, s_options, static _ => Epcc.Delay(Epcc.ScheduleDelayLength));
        }
    }
}
