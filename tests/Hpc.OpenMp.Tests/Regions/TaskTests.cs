namespace Hpc.OpenMp.Tests.Regions;

/// <summary>Explicit tasks: every task runs once, taskwait waits for children, barriers and region ends finish tasks.</summary>
[TestFixture]
public sealed class TaskTests
{
    /// <summary>Fibonacci with a task per call above a cutoff, taskwait for both halves.</summary>
    private static long Fib(int n)
    {
        if (n < 2)
        {
            return n;
        }

        if (n < 12)
        {
            return Fib(n - 1) + Fib(n - 2);
        }

        long a = 0, b = 0;
        Omp.Task(() => a = Fib(n - 1));
        Omp.Task(() => b = Fib(n - 2));
        Omp.TaskWait();
        return a + b;
    }

    /// <summary>Task, recursive fibonacci with task wait: equals serial.</summary>
    [Test]
    public void Task_RecursiveFibonacciWithTaskWait_EqualsSerial()
    {
        long result = 0;
        Omp.Parallel(() => Omp.Single(() => result = Fib(24)));
        Assert.That(result, Is.EqualTo(46_368));
    }

    /// <summary>Task, many from one thread: all run once before the barrier.</summary>
    [Test]
    public void Task_ManyFromOneThread_AllRunOnceBeforeTheBarrier()
    {
        int[] runs = new int[5000];
        int missingAfterBarrier = -1;
        Omp.Parallel(() =>
        {
            Omp.Master(() =>
            {
                for (int i = 0; i < runs.Length; i++)
                {
                    int k = i;
                    Omp.Task(() => Interlocked.Increment(ref runs[k]));
                }
            });
            Omp.Barrier();
            Omp.Master(() => missingAfterBarrier = runs.Count(r => r != 1));
        });
        Assert.That(missingAfterBarrier, Is.Zero);
        Assert.That(runs, Has.All.EqualTo(1));
    }

    /// <summary>Task, not waited for: finishes by the regions end.</summary>
    [Test]
    public void Task_NotWaitedFor_FinishesByTheRegionsEnd()
    {
        int done = 0;
        Omp.Parallel(() => Omp.Task(() => Interlocked.Increment(ref done)));
        Assert.That(done, Is.EqualTo(Omp.MaxThreads));
        Omp.Task(() => done = -1); // outside a region: runs at once
        Assert.That(done, Is.EqualTo(-1));
    }

    /// <summary>Task, throws: reaches the regions caller and team stays usable.</summary>
    [Test]
    public void Task_Throws_ReachesTheRegionsCallerAndTeamStaysUsable()
    {
        Assert.Throws<FormatException>(() => Omp.Parallel(() => Omp.Single(() =>
        {
            Omp.Task(() => throw new FormatException("task"));
            Omp.TaskWait();
        })));
        Assert.That(Omp.Parallel(Reduction.Sum<int>(), () => 1), Is.EqualTo(Omp.MaxThreads));
    }
}
