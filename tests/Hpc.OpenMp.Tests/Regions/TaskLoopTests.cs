namespace Hpc.OpenMp.Tests.Regions;

/// <summary>taskloop: every iteration once, all finished when it returns, shared by the team.</summary>
[TestFixture]
public sealed class TaskLoopTests
{
    /// <summary>TaskLoop, uneven grain: every iteration runs once, all before it returns.</summary>
    [Test]
    public void TaskLoop_UnevenGrain_EveryIterationOnceBeforeItReturns()
    {
        int[] runs = new int[1003];
        int unfinishedAtReturn = -1;
        Omp.Parallel(2, () => Omp.Single(() =>
        {
            Omp.TaskLoop(0, runs.Length, 10, i => Interlocked.Increment(ref runs[i]));
            unfinishedAtReturn = runs.Count(r => r == 0);
        }));
        Assert.That(runs, Has.All.EqualTo(1));
        Assert.That(unfinishedAtReturn, Is.Zero);
    }

    /// <summary>TaskLoop, slow iterations: the other thread, waiting at single's barrier, takes some.</summary>
    [Test]
    public void TaskLoop_SlowIterations_SharedByTheTeam()
    {
        int[] ranOn = new int[2];
        Omp.Parallel(2, () => Omp.Single(() => Omp.TaskLoop(0, 40, 1, _ =>
        {
            Interlocked.Increment(ref ranOn[Omp.ThreadNum]);
            Thread.Sleep(2);
        })));
        Assert.That(ranOn.Sum(), Is.EqualTo(40));
        Assert.That(ranOn, Has.All.GreaterThan(0), "both threads should run iterations");
    }

    /// <summary>TaskLoop outside a region: runs the iterations in order on the caller.</summary>
    [Test]
    public void TaskLoop_OutsideRegion_RunsInOrder()
    {
        var seen = new List<int>();
        Omp.TaskLoop(3, 9, 4, seen.Add);
        Assert.That(seen, Is.EqualTo(new[] { 3, 4, 5, 6, 7, 8 }));
    }
}
