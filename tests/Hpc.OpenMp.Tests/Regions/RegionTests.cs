namespace Hpc.OpenMp.Tests.Regions;

/// <summary>Regions: thread numbers, nesting, runtime functions and exceptions.</summary>
[TestFixture]
public sealed class RegionTests
{
    /// <summary>Parallel: every thread runs once with its number.</summary>
    [Test]
    public void Parallel_EveryThreadRunsOnceWithItsNumber()
    {
        int threads = Omp.MaxThreads;
        int[] runs = new int[threads];
        int[] sizes = new int[threads];
        Omp.Parallel(() =>
        {
            Interlocked.Increment(ref runs[Omp.ThreadNum]);
            sizes[Omp.ThreadNum] = Omp.NumThreads;
        });
        Assert.That(runs, Has.All.EqualTo(1));
        Assert.That(sizes, Has.All.EqualTo(threads));
    }

    /// <summary>Parallel, plain process: each member other than the primary runs on its own place's cpu (bound).</summary>
    [Test]
    public void Parallel_PlainProcess_MembersRunOnTheirPlacesCpu()
    {
        int[] cpus = OmpRuntime.Cpus;
        int threads = Omp.MaxThreads;
        int[] seen = new int[threads];
        Omp.Parallel(() => seen[Omp.ThreadNum] = Hpc.Job.Cpu);
        for (int member = 1; member < threads; member++)
        {
            Assert.That(seen[member], Is.EqualTo(cpus[member % cpus.Length]), $"member {member}");
        }
    }

    /// <summary>RuntimeFunctions: outside and inside region.</summary>
    [Test]
    public void RuntimeFunctions_OutsideAndInsideRegion()
    {
        Assert.That((Omp.ThreadNum, Omp.NumThreads, Omp.InParallel, Omp.Level), Is.EqualTo((0, 1, false, 0)));
        bool inParallel = false;
        int level = 0;
        Omp.Parallel(2, () => Omp.Master(() => (inParallel, level) = (Omp.InParallel, Omp.Level)));
        Assert.That((inParallel, level), Is.EqualTo((Environment.ProcessorCount > 1 || Omp.MaxThreads > 1, 1)));
        Assert.That(Omp.Wtime(), Is.GreaterThan(0));
        Assert.That(Omp.Wtick(), Is.GreaterThan(0));
    }

    /// <summary>Parallel, nested, max-active-levels 1 (the default): runs serialized with one thread.</summary>
    [Test]
    public void Parallel_Nested_RunsSerializedWithOneThread()
    {
        int threads = Omp.MaxThreads;
        int[] innerSizes = new int[threads];
        int[] innerLevels = new int[threads];
        int[] innerActive = new int[threads];
        Omp.Parallel(() =>
        {
            int outer = Omp.ThreadNum;
            Omp.Parallel(() =>
            {
                innerSizes[outer] = Omp.NumThreads;
                innerLevels[outer] = Omp.Level;
                innerActive[outer] = Omp.ActiveLevel;
                Omp.Barrier(); // a team of one: returns at once
            });
            Assert.That(Omp.ThreadNum, Is.EqualTo(outer));
        });
        Assert.That(innerSizes, Has.All.EqualTo(1));
        Assert.That(innerLevels, Has.All.EqualTo(2));
        Assert.That(innerActive, Has.All.EqualTo(threads > 1 ? 1 : 0));
    }

    /// <summary>SetNumThreads: changes the next regions size.</summary>
    [Test]
    public void SetNumThreads_ChangesTheNextRegionsSize()
    {
        int before = Omp.MaxThreads;
        try
        {
            Omp.SetNumThreads(3);
            Assert.That(Omp.Parallel(Reduction.Sum<int>(), () => 1), Is.EqualTo(3));
            Omp.SetNumThreads(1);
            Assert.That(Omp.Parallel(Reduction.Sum<int>(), () => Omp.NumThreads), Is.EqualTo(1));
        }
        finally
        {
            Omp.SetNumThreads(before);
        }

        Assert.That(() => Omp.SetNumThreads(0), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    /// <summary>Parallel, exception in one thread: reaches caller and team stays usable.</summary>
    [Test]
    public void Parallel_ExceptionInOneThread_ReachesCallerAndTeamStaysUsable()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Omp.Parallel(() =>
        {
            if (Omp.ThreadNum == Omp.NumThreads - 1)
            {
                throw new InvalidOperationException("boom");
            }

            // The others wait at a barrier the thrower never reaches: they must be released.
            Omp.Barrier();
        }));
        Assert.That(error!.Message, Is.EqualTo("boom"));
        Assert.That(Omp.Parallel(Reduction.Sum<int>(), () => 1), Is.EqualTo(Omp.MaxThreads));
    }

    /// <summary>Parallel, exceptions in every thread: first rethrown others attached.</summary>
    [Test]
    public void Parallel_ExceptionsInEveryThread_FirstRethrownOthersAttached()
    {
        int threads = Omp.MaxThreads;
        var error = Assert.Throws<ApplicationException>(() => Omp.Parallel(() => throw new ApplicationException($"thread {Omp.ThreadNum}")));
        IReadOnlyList<Exception> others = Omp.OtherExceptions(error!);
        Assert.That(others, Has.Count.EqualTo(threads - 1));
        var messages = others.Select(e => e.Message).Append(error!.Message).Order().ToArray();
        Assert.That(messages, Is.EqualTo(Enumerable.Range(0, threads).Select(t => $"thread {t}").Order().ToArray()));
    }

    /// <summary>ParallelFor, exception in loop with barrier: reaches caller and loops still work.</summary>
    [Test]
    public void ParallelFor_ExceptionInLoopWithBarrier_ReachesCallerAndLoopsStillWork()
    {
        for (int round = 0; round < 50; round++)
        {
            Assert.Throws<DivideByZeroException>(() => Omp.Parallel(() =>
            {
                Omp.For(0, 1000, Schedule.Dynamic(1), i =>
                {
                    if (i == 500)
                    {
                        throw new DivideByZeroException();
                    }
                });
                Omp.For(0, 10, Schedule.Static(), _ => { });
            }));
            long sum = Omp.ParallelFor(0, 1000, Schedule.Dynamic(3), Reduction.Sum<long>(), (i, acc) => acc + i);
            Assert.That(sum, Is.EqualTo(499_500));
        }
    }

    /// <summary>Parallel, from two root threads at once: both complete.</summary>
    [Test]
    public void Parallel_FromTwoRootThreadsAtOnce_BothComplete()
    {
        long a = 0, b = 0;
        var first = new Thread(() => { for (int i = 0; i < 500; i++) { a += Omp.ParallelFor(0, 100, Reduction.Sum<long>(), (k, acc) => acc + k); } });
        var second = new Thread(() => { for (int i = 0; i < 500; i++) { b += Omp.ParallelFor(0, 100, Reduction.Sum<long>(), (k, acc) => acc + k); } });
        first.Start();
        second.Start();
        Assert.That(first.Join(TimeSpan.FromMinutes(2)) && second.Join(TimeSpan.FromMinutes(2)), Is.True);
        Assert.That((a, b), Is.EqualTo((500L * 4950, 500L * 4950)));
    }
}
