namespace Hpc.OpenMp.Tests.Synchronization;

/// <summary>The nowait clause on loops and single, and single's copyprivate, against the OpenMP rules.</summary>
[TestFixture]
public sealed class NoWaitTests
{
    /// <summary>How long the slow thread holds back (long enough that a barrier could not go unnoticed).</summary>
    private const int SlowMilliseconds = 100;

    /// <summary>ForNoWait: a thread that has finished its iterations goes on while another still runs its own.</summary>
    [Test]
    public void ForNoWait_StaticShares_FinishedThreadDoesNotWait()
    {
        int slowDone = 0;
        int seenByFast = -1;
        Omp.Parallel(2, () =>
        {
            Omp.ForNoWait(0, 2, Schedule.Static(), i =>
            {
                if (i == 1)
                {
                    Thread.Sleep(SlowMilliseconds);
                    Volatile.Write(ref slowDone, 1);
                }
            });
            if (Omp.ThreadNum == 0)
            {
                seenByFast = Volatile.Read(ref slowDone);
            }
        });
        Assert.That(seenByFast, Is.Zero, "thread 0 waited for thread 1's iteration: a barrier at the end of a nowait loop");
        Assert.That(slowDone, Is.EqualTo(1));
    }

    /// <summary>For without nowait: the same loop ends in a barrier (the test above can tell).</summary>
    [Test]
    public void For_StaticShares_FinishedThreadWaits()
    {
        int slowDone = 0;
        int seenByFast = -1;
        Omp.Parallel(2, () =>
        {
            Omp.For(0, 2, Schedule.Static(), i =>
            {
                if (i == 1)
                {
                    Thread.Sleep(SlowMilliseconds);
                    Volatile.Write(ref slowDone, 1);
                }
            });
            if (Omp.ThreadNum == 0)
            {
                seenByFast = Volatile.Read(ref slowDone);
            }
        });
        Assert.That(seenByFast, Is.EqualTo(1));
    }

    /// <summary>
    /// ForNoWait, many dynamic and guided loops in a row while one thread lags behind: a thread that runs ahead
    /// more constructs than there are work-sharing slots must not reset a slot the laggard still uses; every
    /// iteration of every loop runs exactly once.
    /// </summary>
    [TestCase(ScheduleKind.Dynamic)]
    [TestCase(ScheduleKind.Guided)]
    public void ForNoWait_LoopsInARowWithALaggard_EveryIterationOnce(ScheduleKind kind)
    {
        const int Loops = 40;
        const int Iterations = 64;
        int[] runs = new int[Loops * Iterations];
        Schedule schedule = kind == ScheduleKind.Dynamic ? Schedule.Dynamic(1) : Schedule.Guided(1);
        Omp.Parallel(2, () =>
        {
            for (int loop = 0; loop < Loops; loop++)
            {
                if (Omp.ThreadNum == 1 && loop % 8 == 0)
                {
                    Thread.Sleep(5);
                }

                int offset = loop * Iterations;
                Omp.ForNoWait(0, Iterations, schedule, i => Interlocked.Increment(ref runs[offset + i]));
            }
        });
        Assert.That(runs, Has.All.EqualTo(1));
    }

    /// <summary>
    /// SingleNoWait: one thread runs the body, and the other goes on while it runs: the body waits for the other
    /// thread to say it got past the construct (with a barrier there, it could not, and the body would time out).
    /// </summary>
    [Test]
    public void SingleNoWait_BodyWaitingForTheOther_OtherGoesOn()
    {
        int bodies = 0;
        int bodyRunning = 0;
        int otherPassed = 0;
        bool bodyTimedOut = true;
        Omp.Parallel(2, () =>
        {
            bool ranBody = false;
            Omp.SingleNoWait(() =>
            {
                ranBody = true;
                Interlocked.Increment(ref bodies);
                Volatile.Write(ref bodyRunning, 1);
                bodyTimedOut = !SpinWait.SpinUntil(() => Volatile.Read(ref otherPassed) == 1, TimeSpan.FromSeconds(5));
            });
            if (!ranBody && SpinWait.SpinUntil(() => Volatile.Read(ref bodyRunning) == 1, TimeSpan.FromSeconds(5)))
            {
                Volatile.Write(ref otherPassed, 1);
            }
        });
        Assert.That(bodies, Is.EqualTo(1));
        Assert.That(bodyTimedOut, Is.False, "the thread that skipped the body should pass while it runs");
    }

    /// <summary>SingleNoWait, many in a row: each body runs exactly once.</summary>
    [Test]
    public void SingleNoWait_ManyInARow_EachRunsOnce()
    {
        const int Count = 2000;
        int[] runs = new int[Count];
        Omp.Parallel(2, () =>
        {
            for (int k = 0; k < Count; k++)
            {
                int index = k;
                Omp.SingleNoWait(() => runs[index]++);
            }
        });
        Assert.That(runs, Has.All.EqualTo(1));
    }

    /// <summary>Single with copyprivate, many rounds: the body runs once a round and every thread gets its value.</summary>
    [Test]
    public void SingleCopyPrivate_ManyRounds_EveryThreadGetsTheValue()
    {
        const int Rounds = 2000;
        int bodies = 0;
        int wrong = 0;
        Omp.Parallel(2, () =>
        {
            for (int round = 0; round < Rounds; round++)
            {
                int r = round;
                string value = Omp.Single(() =>
                {
                    Interlocked.Increment(ref bodies);
                    return $"round {r} by {Omp.ThreadNum}";
                });
                if (!value.StartsWith($"round {r} by ", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref wrong);
                }
            }
        });
        Assert.That(bodies, Is.EqualTo(Rounds));
        Assert.That(wrong, Is.Zero);
    }

    /// <summary>Single with copyprivate outside a region: runs the body and returns its value.</summary>
    [Test]
    public void SingleCopyPrivate_OutsideRegion_ReturnsValue() => Assert.That(Omp.Single(() => 42), Is.EqualTo(42));
}
