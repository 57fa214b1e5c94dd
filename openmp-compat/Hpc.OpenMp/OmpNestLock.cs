namespace Hpc.OpenMp;

/// <summary>
/// <c>omp_nest_lock_t</c>: a nestable lock. The thread that holds it may set it again; it is free once unset as many
/// times as it was set. Other threads wait as for an <see cref="OmpLock"/> (on which it is built); the holder's
/// further sets and unsets touch no shared line. The owner is the thread (Hpc.OpenMp's tasks run to completion on
/// the thread that started them, so a task cannot move while it holds the lock).
/// </summary>
/// <example>
/// <code>
/// var gate = new OmpNestLock();
/// void Add(Node n) { gate.Set(); try { list.Add(n); foreach (Node c in n.Children) Add(c); } finally { gate.Unset(); } }
/// </code>
/// </example>
public sealed class OmpNestLock
{
    /// <summary>The lock other threads wait on.</summary>
    private readonly OmpLock _lock = new();
    /// <summary>The managed id of the holding thread, 0 when free.</summary>
    private int _owner;
    /// <summary>How many times the holder has set it (written by the holder only).</summary>
    private int _depth;

    /// <summary>omp_set_nest_lock: takes the lock, or sets it once more when the calling thread holds it.</summary>
    public void Set()
    {
        int me = Environment.CurrentManagedThreadId;
        if (Volatile.Read(ref _owner) != me)
        {
            _lock.Set();
            Volatile.Write(ref _owner, me);
        }

        _depth++;
    }

    /// <summary>omp_test_nest_lock: <see cref="Set"/> without waiting; the new nesting count, or 0 when another thread holds it.</summary>
    public int Test()
    {
        int me = Environment.CurrentManagedThreadId;
        if (Volatile.Read(ref _owner) != me)
        {
            if (!_lock.Test())
            {
                return 0;
            }

            Volatile.Write(ref _owner, me);
        }

        return ++_depth;
    }

    /// <summary>omp_unset_nest_lock: undoes one set; the lock is free once every set is undone.</summary>
    /// <exception cref="SynchronizationLockException">The calling thread does not hold the lock.</exception>
    public void Unset()
    {
        if (Volatile.Read(ref _owner) != Environment.CurrentManagedThreadId)
        {
            throw new SynchronizationLockException("OmpNestLock.Unset by a thread that does not hold the lock.");
        }

        if (--_depth == 0)
        {
            Volatile.Write(ref _owner, 0);
            _lock.Unset();
        }
    }
}
