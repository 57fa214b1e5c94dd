namespace Hpc.OpenMp.Tests.Regions;

/// <summary>
/// <c>cancel parallel</c>, <c>cancel for</c> and <c>cancellation point</c> against the OpenMP rules. Cancellation is
/// enabled here through the runtime's cancel-var (the environment is read once per process).
/// </summary>
[TestFixture]
public sealed class CancellationTests
{
    /// <summary>Enables cancellation for each test.</summary>
    [SetUp]
    public void Enable() => OmpRuntime.Cancellation = true;

    /// <summary>Restores the default (disabled).</summary>
    [TearDown]
    public void Disable() => OmpRuntime.Cancellation = false;

    /// <summary>Cancel, disabled: does nothing and says so; every iteration runs.</summary>
    [Test]
    public void Cancel_Disabled_ReturnsFalseAndEveryIterationRuns()
    {
        OmpRuntime.Cancellation = false;
        int runs = 0;
        bool cancelled = true;
        Omp.ParallelFor(0, 1000, Schedule.Dynamic(1), i =>
        {
            if (i == 0)
            {
                cancelled = Omp.Cancel(CancelKind.For);
            }

            Interlocked.Increment(ref runs);
        });
        Assert.That(cancelled, Is.False);
        Assert.That(runs, Is.EqualTo(1000));
        Assert.That(Omp.Cancellation, Is.False);
    }

    /// <summary>
    /// Cancel for, every schedule: once the loop is cancelled no thread starts another iteration (thread 1, if it
    /// began one, holds it until thread 0 has cancelled), and the loop ends at its barrier with every thread.
    /// </summary>
    [TestCase(ScheduleKind.Static)]
    [TestCase(ScheduleKind.Dynamic)]
    [TestCase(ScheduleKind.Guided)]
    public void CancelFor_EverySchedule_NoIterationStartsAfter(ScheduleKind kind)
    {
        Schedule schedule = kind switch
        {
            ScheduleKind.Static => Schedule.Static(),
            ScheduleKind.Dynamic => Schedule.Dynamic(1),
            _ => Schedule.Guided(1),
        };
        int[] iterations = new int[2];
        int cancelDone = 0;
        int afterLoop = 0;
        bool cancelled = false;
        Omp.Parallel(2, () =>
        {
            Omp.For(0, 100_000, schedule, i =>
            {
                int me = Omp.ThreadNum;
                if (++iterations[me] == 1 && me == 0)
                {
                    cancelled = Omp.Cancel(CancelKind.For);
                    Volatile.Write(ref cancelDone, 1);
                }
                else if (iterations[me] == 1)
                {
                    SpinWait.SpinUntil(() => Volatile.Read(ref cancelDone) == 1);
                }
            });
            Interlocked.Increment(ref afterLoop);
        });
        Assert.That(cancelled, Is.True);
        Assert.That(iterations[0], Is.EqualTo(1), "thread 0 cancelled in its first iteration");
        Assert.That(iterations[1], Is.AtMost(1), "thread 1 may have begun one iteration before the cancel, no more");
        Assert.That(afterLoop, Is.EqualTo(2));
    }

    /// <summary>Cancel for in a combined parallel loop: the rest of the iterations are not run, and the next loop runs whole.</summary>
    [Test]
    public void CancelFor_CombinedLoop_StopsAndNextLoopRunsWhole()
    {
        int runs = 0;
        Omp.ParallelFor(0, 1_000_000, Schedule.Dynamic(1), i =>
        {
            if (Interlocked.Increment(ref runs) == 10)
            {
                Omp.Cancel(CancelKind.For);
            }
        });
        Assert.That(runs, Is.LessThan(1_000_000));
        int whole = 0;
        Omp.ParallelFor(0, 1000, Schedule.Dynamic(1), _ => Interlocked.Increment(ref whole));
        Assert.That(whole, Is.EqualTo(1000));
    }

    /// <summary>
    /// Cancel parallel: a thread waiting at a barrier leaves the region there, a cancellation point says so, the
    /// region ends without an exception, and the team is usable afterwards.
    /// </summary>
    [Test]
    public void CancelParallel_OtherThreadAtBarrier_LeavesRegionQuietly()
    {
        int cancelDone = 0;
        bool pointSaw = false;
        bool passedBarrier = false;
        bool cancelled = false;
        Omp.Parallel(2, () =>
        {
            if (Omp.ThreadNum == 0)
            {
                cancelled = Omp.Cancel(CancelKind.Parallel);
                Volatile.Write(ref cancelDone, 1);
                return;
            }

            SpinWait.SpinUntil(() => Volatile.Read(ref cancelDone) == 1);
            pointSaw = Omp.CancellationPoint(CancelKind.Parallel);
            Omp.Barrier();
            passedBarrier = true;
        });
        Assert.That(cancelled, Is.True);
        Assert.That(pointSaw, Is.True);
        Assert.That(passedBarrier, Is.False, "the barrier of a cancelled region ends the thread's part in it");
        int members = 0;
        Omp.Parallel(2, () =>
        {
            Omp.Barrier();
            Interlocked.Increment(ref members);
        });
        Assert.That(members, Is.EqualTo(2));
    }
}
