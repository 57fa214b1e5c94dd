using System.Runtime.CompilerServices;

using Hpc.Hosted;
using Hpc.OpenMp.Teams;

namespace Hpc.OpenMp;

/// <summary>
/// <c>omp_lock_t</c>: a simple (not nestable) lock. Uncontended, one interlocked operation each way; contended, the
/// waiter spins briefly and then sleeps on a futex (the three-state futex mutex: 0 free, 1 held, 2 held with sleepers).
/// </summary>
/// <example>
/// <code>
/// var gate = new OmpLock();
/// Omp.Parallel(() =&gt; { gate.Set(); try { shared++; } finally { gate.Unset(); } });
/// </code>
/// </example>
public sealed unsafe class OmpLock
{
    /// <summary>Spins on a held lock before sleeping.</summary>
    private const int Spins = 4000;

    /// <summary>Pinned storage of the lock word, 128 bytes so neighbouring locks do not share a line.</summary>
    private readonly int[] _storage = GC.AllocateArray<int>(32, pinned: true);

    /// <summary>The lock word (stable: the array is pinned).</summary>
    private int* Word => (int*)Unsafe.AsPointer(ref _storage[0]);

    /// <summary>omp_set_lock: waits until the lock is free and takes it.</summary>
    public void Set()
    {
        int* word = Word;
        if (Interlocked.CompareExchange(ref *word, 1, 0) == 0)
        {
            return;
        }

        for (int spin = 0; spin < Spins; spin++)
        {
            SpinPark.Pause();
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
}
