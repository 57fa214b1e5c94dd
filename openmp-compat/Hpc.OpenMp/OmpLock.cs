using System.Runtime.CompilerServices;

using Hpc.Hosted;
using Hpc.OpenMp.Teams;

namespace Hpc.OpenMp;

/// <summary>
/// <c>omp_lock_t</c>: a simple (not nestable) lock. Uncontended, one interlocked operation each way; contended, the
/// waiter spins with a growing pause between looks, as long as the team's waiters spin (then yields, as they do, when
/// the team has more threads than cpus), and then sleeps on a futex
/// (the three-state futex mutex: 0 free, 1 held, 2 held with sleepers).
/// </summary>
/// <example>
/// <code>
/// var gate = new OmpLock();
/// Omp.Parallel(() =&gt; { gate.Set(); try { shared++; } finally { gate.Unset(); } });
/// </code>
/// </example>
public sealed unsafe class OmpLock
{
    /// <summary>The longest pause (in spin-wait hints) between two looks at a held lock.</summary>
    private const int MaxPause = 64;

    /// <summary>Pinned storage of the lock word, 128 bytes so neighbouring locks do not share a line.</summary>
    private readonly int[] _storage = GC.AllocateArray<int>(32, pinned: true);

    /// <summary>The lock word (stable: the array is pinned).</summary>
    private int* Word => (int*)Unsafe.AsPointer(ref _storage[0]);

    /// <summary>omp_set_lock: waits until the lock is free and takes it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Set()
    {
        int* word = Word;
        if (Interlocked.CompareExchange(ref *word, 1, 0) != 0)
        {
            SetContended(word);
        }
    }

    /// <summary>omp_test_lock: takes the lock if it is free, without waiting.</summary>
    public bool Test() => Interlocked.CompareExchange(ref *Word, 1, 0) == 0;

    /// <summary>omp_unset_lock: frees the lock (the caller must hold it).</summary>
    /// <exception cref="SynchronizationLockException">The lock is not held.</exception>
    public void Unset()
    {
        int* word = Word;
        int old = Interlocked.Exchange(ref *word, 0);
        if (old == 2)
        {
            Futex.Wake(word, 1);
        }
        else if (old == 0)
        {
            throw new SynchronizationLockException("OmpLock.Unset on a lock that is not held.");
        }
    }

    /// <summary>
    /// The wait for a held lock: spin with a growing pause between looks, then sleep. Spinning as long as the team's
    /// waiters do matters: a waiter asleep turns every later unlock of the holder into a futex wake (a system call
    /// each). The growing pause matters as much: a holder that lets go and takes the lock again at once keeps it
    /// and its cache line, instead of the line crossing cores twice for every critical section (libgomp's waiter
    /// looks every pause and so takes part in every hand-over; .NET's Lock backs off like this).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SetContended(int* word)
    {
        WaitBudget budget = CurrentTeamThread.Value?.Team?.Budget ?? WaitBudget.For(OmpRuntime.Settings.Wait, oversubscribed: false);
        int pause = 1;
        for (int spun = 0; spun < budget.Spins; spun += pause)
        {
            for (int p = 0; p < pause; p++)
            {
                SpinPark.Pause();
            }

            if (Volatile.Read(ref *word) == 0 && Interlocked.CompareExchange(ref *word, 1, 0) == 0)
            {
                return;
            }

            pause = Math.Min(pause * 2, MaxPause);
        }

        // With more threads than cpus the holder may be queued behind us on this cpu: let it run and let go.
        long yieldEnd = 0;
        while (budget.TryYield(ref yieldEnd))
        {
            if (Volatile.Read(ref *word) == 0 && Interlocked.CompareExchange(ref *word, 1, 0) == 0)
            {
                return;
            }
        }

        // Mark the lock contended; whoever frees it then wakes a sleeper.
        while (Interlocked.Exchange(ref *word, 2) != 0)
        {
            Futex.Wait(word, 2);
        }
    }
}
