namespace Hpc.OpenMp.Tests.Synchronization;

/// <summary>Barrier, critical, single, master, sections, ordered and atomics under many repetitions.</summary>
[TestFixture]
public sealed class SynchronizationTests
{
    /// <summary>Repetitions of each stress loop.</summary>
    private const int Rounds = 2000;

    /// <summary>Barrier, many rounds: no thread runs ahead.</summary>
    [Test]
    public void Barrier_ManyRounds_NoThreadRunsAhead()
    {
        int threads = Omp.MaxThreads;
        int[] phase = new int[threads * 16];
        int violations = 0;
        Omp.Parallel(() =>
        {
            int me = Omp.ThreadNum;
            for (int round = 1; round <= Rounds; round++)
            {
                Volatile.Write(ref phase[me * 16], round);
                Omp.Barrier();
                for (int other = 0; other < Omp.NumThreads; other++)
                {
                    // After the barrier everyone has reached this round, and nobody can pass the next barrier.
                    int seen = Volatile.Read(ref phase[other * 16]);
                    if (seen < round || seen > round + 1)
                    {
                        Interlocked.Increment(ref violations);
                    }
                }

                Omp.Barrier();
            }
        });
        Assert.That(violations, Is.Zero);
    }

    /// <summary>Critical, unsynchronised increments: are not lost.</summary>
    [Test]
    public void Critical_UnsynchronisedIncrements_AreNotLost()
    {
        long counter = 0;
        long named = 0;
        Omp.Parallel(() =>
        {
            for (int i = 0; i < Rounds * 10; i++)
            {
                Omp.Critical(() => counter++);
                Omp.Critical("other", () => named += 2);
            }
        });
        Assert.That(counter, Is.EqualTo((long)Rounds * 10 * Omp.MaxThreads));
        Assert.That(named, Is.EqualTo((long)Rounds * 20 * Omp.MaxThreads));
    }

    /// <summary>Critical, same name: excludes and different names do not.</summary>
    [Test]
    public void Critical_SameName_ExcludesAndDifferentNamesDoNot()
    {
        int inside = 0;
        int overlap = 0;
        Omp.Parallel(() =>
        {
            for (int i = 0; i < Rounds; i++)
            {
                Omp.Critical("a", () =>
                {
                    if (Interlocked.Increment(ref inside) != 1)
                    {
                        Interlocked.Increment(ref overlap);
                    }

                    Interlocked.Decrement(ref inside);
                });
            }
        });
        Assert.That(overlap, Is.Zero);
    }

    /// <summary>Single, many rounds: runs once per round.</summary>
    [Test]
    public void Single_ManyRounds_RunsOncePerRound()
    {
        int runs = 0;
        Omp.Parallel(() =>
        {
            for (int i = 0; i < Rounds; i++)
            {
                Omp.Single(() => runs++);
            }
        });
        Assert.That(runs, Is.EqualTo(Rounds));
    }

    /// <summary>Master: runs on thread zero only.</summary>
    [Test]
    public void Master_RunsOnThreadZeroOnly()
    {
        int runs = 0;
        int wrongThread = 0;
        Omp.Parallel(() => Omp.Master(() =>
        {
            runs++;
            wrongThread += Omp.ThreadNum;
        }));
        Assert.That((runs, wrongThread), Is.EqualTo((1, 0)));
    }

    /// <summary>Sections: each runs once.</summary>
    [Test]
    public void Sections_EachRunsOnce()
    {
        int[] runs = new int[5];
        for (int round = 0; round < 200; round++)
        {
            Omp.Parallel(() => Omp.Sections(
                () => runs[0]++, () => runs[1]++, () => runs[2]++, () => runs[3]++, () => runs[4]++));
            Omp.ParallelSections(() => Interlocked.Increment(ref runs[0]), () => Interlocked.Increment(ref runs[4]));
        }

        Assert.That(runs, Is.EqualTo(new[] { 400, 200, 200, 200, 400 }));
    }

    /// <summary>Ordered, every schedule: runs blocks in iteration order.</summary>
    [Test]
    public void Ordered_EverySchedule_RunsBlocksInIterationOrder()
    {
        foreach (Schedule schedule in new[] { Schedule.Static(), Schedule.Static(2), Schedule.Dynamic(), Schedule.Guided(3) })
        {
            var order = new List<int>();
            Omp.ParallelFor(100, -101, -3, schedule.WithOrdered(), i =>
            {
                // Only every other iteration has an ordered block: the others must still pass their turn.
                if (i % 2 == 0)
                {
                    Omp.Ordered(() => order.Add(i));
                }
            });
            int[] expected = [.. Enumerable.Range(0, 67).Select(k => 100 - (3 * k)).Where(i => i % 2 == 0)];
            Assert.That(order, Is.EqualTo(expected), schedule.ToString());
        }
    }

    /// <summary>Ordered, outside ordered loop: throws.</summary>
    [Test]
    public void Ordered_OutsideOrderedLoop_Throws()
    {
        Assert.That(() => Omp.ParallelFor(0, 4, Schedule.Static(), _ => Omp.Ordered(() => { })), Throws.InvalidOperationException);
    }

    /// <summary>Atomic, adds and min max: are not lost.</summary>
    [Test]
    public void Atomic_AddsAndMinMax_AreNotLost()
    {
        long sum = 0;
        double total = 0;
        int min = int.MaxValue;
        double max = double.MinValue;
        Omp.ParallelFor(0, 100_000, Schedule.Dynamic(64), i =>
        {
            Atomic.Add(ref sum, i);
            Atomic.Add(ref total, 0.5);
            Atomic.Min(ref min, (i * 7919) % 100_003);
            Atomic.Max(ref max, i * 0.25);
        });
        Assert.That(sum, Is.EqualTo(99_999L * 100_000 / 2));
        Assert.That(total, Is.EqualTo(50_000.0));
        Assert.That(min, Is.EqualTo(Enumerable.Range(0, 100_000).Min(i => (i * 7919) % 100_003)));
        Assert.That(max, Is.EqualTo(99_999 * 0.25));
    }

    /// <summary>OmpLock, set unset test: exclude and report.</summary>
    [Test]
    public void OmpLock_SetUnsetTest_ExcludeAndReport()
    {
        var gate = new OmpLock();
        int counter = 0;
        Omp.Parallel(() =>
        {
            for (int i = 0; i < Rounds * 10; i++)
            {
                gate.Set();
                counter++;
                gate.Unset();
            }
        });
        Assert.That(counter, Is.EqualTo(Rounds * 10 * Omp.MaxThreads));
        Assert.That(gate.Test(), Is.True);
        Assert.That(gate.Test(), Is.False);
        gate.Unset();
        Assert.That(() => gate.Unset(), Throws.TypeOf<SynchronizationLockException>());
    }
}
