namespace Hpc.OpenMp.Tests.Synchronization;

/// <summary>Nestable locks: re-entry by the holder, exclusion of others, and the nesting count.</summary>
[TestFixture]
public sealed class OmpNestLockTests
{
    /// <summary>Set twice by the holder: Test by the holder counts on; another thread cannot take it until both are undone.</summary>
    [Test]
    public void SetTwice_OtherThreadExcludedUntilBothUnset()
    {
        var gate = new OmpNestLock();
        gate.Set();
        gate.Set();
        Assert.That(gate.Test(), Is.EqualTo(3));
        Assert.That(Task.Run(gate.Test).Result, Is.Zero);
        gate.Unset();
        gate.Unset();
        Assert.That(Task.Run(gate.Test).Result, Is.Zero, "still held once");
        gate.Unset();
        Assert.That(Task.Run(() =>
        {
            int depth = gate.Test();
            gate.Unset();
            return depth;
        }).Result, Is.EqualTo(1));
    }

    /// <summary>Unset by a thread that does not hold it throws.</summary>
    [Test]
    public void Unset_NotHolder_Throws()
    {
        var gate = new OmpNestLock();
        Assert.That(gate.Unset, Throws.TypeOf<SynchronizationLockException>());
        gate.Set();
        Assert.That(() => Task.Run(gate.Unset).GetAwaiter().GetResult(), Throws.TypeOf<SynchronizationLockException>());
        gate.Unset();
    }

    /// <summary>A recursive walk under the lock from every thread: sections never overlap and no increment is lost.</summary>
    [Test]
    public void RecursiveUse_ManyThreads_Excludes()
    {
        var gate = new OmpNestLock();
        int inside = 0;
        int overlap = 0;
        long counter = 0;
        void Walk(int depth)
        {
            gate.Set();
            try
            {
                if (Interlocked.Increment(ref inside) != 1)
                {
                    Interlocked.Increment(ref overlap);
                }

                counter++;
                Interlocked.Decrement(ref inside);
                if (depth > 0)
                {
                    Walk(depth - 1);
                }
            }
            finally
            {
                gate.Unset();
            }
        }

        Omp.Parallel(2, () =>
        {
            for (int i = 0; i < 5000; i++)
            {
                Walk(3);
            }
        });
        Assert.That(overlap, Is.Zero);
        Assert.That(counter, Is.EqualTo(2 * 5000 * 4));
    }
}
