namespace Hpc.OpenMp.Tests.Regions;

/// <summary>Task dependences (<c>depend(in/out)</c>) between sibling tasks, against the OpenMP rules.</summary>
[TestFixture]
public sealed class TaskDependenceTests
{
    /// <summary>Out dependences on one object, many tasks: they run one at a time, in the order they were created.</summary>
    [Test]
    public void Out_ChainOnOneObject_RunsInCreationOrder()
    {
        var order = new List<int>();
        object target = new();
        int overlap = 0;
        int inside = 0;
        Omp.Parallel(2, () => Omp.Single(() =>
        {
            for (int k = 0; k < 300; k++)
            {
                int index = k;
                Omp.Task(() =>
                {
                    if (Interlocked.Increment(ref inside) != 1)
                    {
                        Interlocked.Increment(ref overlap);
                    }

                    order.Add(index);
                    Thread.SpinWait(200);
                    Interlocked.Decrement(ref inside);
                }, TaskDependence.Out(target));
            }
        }));
        Assert.That(overlap, Is.Zero);
        Assert.That(order, Is.EqualTo(Enumerable.Range(0, 300)));
    }

    /// <summary>
    /// In after out, out after in: readers start only after the writer before them finished, and the next writer
    /// only after every reader before it finished.
    /// </summary>
    [Test]
    public void InOut_ReadersBetweenWriters_SeeTheFirstAndPrecedeTheSecond()
    {
        int[] data = new int[1];
        int readersDone = 0;
        int readersSawFirst = 0;
        int secondSawReaders = -1;
        Omp.Parallel(2, () => Omp.Single(() =>
        {
            Omp.Task(() =>
            {
                Thread.Sleep(20);
                Volatile.Write(ref data[0], 1);
            }, TaskDependence.Out(data));
            for (int r = 0; r < 4; r++)
            {
                Omp.Task(() =>
                {
                    if (Volatile.Read(ref data[0]) == 1)
                    {
                        Interlocked.Increment(ref readersSawFirst);
                    }

                    Thread.Sleep(5);
                    Interlocked.Increment(ref readersDone);
                }, TaskDependence.In(data));
            }

            Omp.Task(() =>
            {
                secondSawReaders = Volatile.Read(ref readersDone);
                Volatile.Write(ref data[0], 2);
            }, TaskDependence.Out(data));
        }));
        Assert.That(readersSawFirst, Is.EqualTo(4));
        Assert.That(secondSawReaders, Is.EqualTo(4));
        Assert.That(data[0], Is.EqualTo(2));
    }

    /// <summary>Dependences on different objects do not order the tasks: two chains run side by side.</summary>
    [Test]
    public void Out_TwoObjects_ChainsOverlap()
    {
        object a = new();
        object b = new();
        int aRunning = 0;
        int bSawA = 0;
        Omp.Parallel(2, () => Omp.Single(() =>
        {
            Omp.Task(() =>
            {
                Volatile.Write(ref aRunning, 1);
                SpinWait.SpinUntil(() => Volatile.Read(ref bSawA) == 1, TimeSpan.FromSeconds(5));
            }, TaskDependence.Out(a));
            Omp.Task(() =>
            {
                if (SpinWait.SpinUntil(() => Volatile.Read(ref aRunning) == 1, TimeSpan.FromSeconds(5)))
                {
                    Volatile.Write(ref bSawA, 1);
                }
            }, TaskDependence.Out(b));
        }));
        Assert.That(bSawA, Is.EqualTo(1));
    }

    /// <summary>A default dependence names nothing: refused.</summary>
    [Test]
    public void Task_DefaultDependence_Throws() =>
        Assert.That(() => Omp.Task(() => { }, default(TaskDependence)), Throws.ArgumentException);
}
