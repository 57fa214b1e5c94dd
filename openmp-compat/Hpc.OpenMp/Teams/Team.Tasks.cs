using System.Collections.Concurrent;

using Hpc.Hosted;

namespace Hpc.OpenMp.Teams;

/// <summary>
/// Explicit tasks: a pool shared by the members. A member runs tasks from the pool while it waits in
/// <see cref="WaitForChildren"/> (taskwait) or at a barrier, and empties the pool before it arrives at a barrier or
/// leaves the region, so every task of a region has finished when a barrier or the region's end lets anyone pass.
/// </summary>
internal sealed unsafe partial class Team
{
    /// <summary>Tasks created and not yet taken.</summary>
    private readonly ConcurrentQueue<TeamTask> _taskPool = new();

    /// <summary>Tasks created and not finished, on its own line (read at every barrier).</summary>
    private int* PendingTasks => (int*)(_control + (3 * Line) + 64);

    /// <summary>
    /// Adds a task created by <paramref name="thread"/>: to the pool, or, with <paramref name="depends"/>, once the
    /// earlier siblings they name have finished. It counts as pending (for taskwait and barriers) from now on.
    /// </summary>
    public void Spawn(TeamThread thread, Action body, ReadOnlySpan<TaskDependence> depends = default)
    {
        TaskChildren children = thread.Children;
        Interlocked.Increment(ref children.Count);
        Interlocked.Increment(ref *PendingTasks);
        var task = new TeamTask(body, children);
        if (!depends.IsEmpty)
        {
            (children.Dependences ??= new TaskDependences()).Link(task, depends);
        }

        Release(task);
    }

    /// <summary>Drops one of a task's predecessors (the linking guard, or a finished task); at none, pools it.</summary>
    private void Release(TeamTask task)
    {
        if (Interlocked.Decrement(ref task.Predecessors) != 0)
        {
            return;
        }

        _taskPool.Enqueue(task);
        // Members asleep at a barrier are to run tasks too.
        if (Volatile.Read(ref *BarrierSleepers) != 0)
        {
            Futex.Wake(BarrierGeneration);
        }
    }

    /// <summary>taskwait: runs pooled tasks until every child of the calling task has finished.</summary>
    public void WaitForChildren(TeamThread thread)
    {
        WaitForGroup(thread, thread.Children);
        // Every child has finished: their depend clauses constrain no later sibling.
        thread.Children.Dependences?.Clear();
    }

    /// <summary>
    /// The end of a taskgroup: runs pooled tasks until every task counted in <paramref name="children"/> has
    /// finished (a task finishes only after its own descendants, so they are waited for too).
    /// </summary>
    public void WaitForGroup(TeamThread thread, TaskChildren children)
    {
        int spun = 0;
        while (Volatile.Read(ref children.Count) != 0)
        {
            if (!TryRunOne(thread))
            {
                SpinPark.Idle(_budget, ref spun);
            }
        }

        ThrowIfCancelled();
    }

    /// <summary>Runs pooled tasks until no task of the region is left (tasks of an abandoned region are dropped).</summary>
    public void DrainTasks(TeamThread thread)
    {
        int spun = 0;
        while (Volatile.Read(ref *PendingTasks) != 0)
        {
            if (!TryRunOne(thread))
            {
                SpinPark.Idle(_budget, ref spun);
            }
        }
    }

    /// <summary>Takes one task from the pool and runs it (or drops it when the region is abandoned); false when the pool is empty.</summary>
    private bool TryRunOne(TeamThread thread)
    {
        if (!_taskPool.TryDequeue(out TeamTask? task))
        {
            return false;
        }

        TaskChildren outer = thread.Children;
        thread.Children = new TaskChildren();
        try
        {
            if (!IsCancelled)
            {
                task.Body();
                WaitForChildrenQuietly(thread);
            }
        }
        catch (TeamCancelledException)
        {
            // The region is being abandoned; its first exception is reported.
        }
        catch (Exception e)
        {
            Fail(e);
        }
        finally
        {
            thread.Children = outer;
            foreach (TeamTask successor in task.Finish())
            {
                Release(successor);
            }

            Interlocked.Decrement(ref task.Parent.Count);
            Interlocked.Decrement(ref *PendingTasks);
        }

        return true;
    }

    /// <summary>
    /// Waits for the children a finished task left behind: a task is complete only with its descendants' counts
    /// settled, and its children counter dies with it.
    /// </summary>
    private void WaitForChildrenQuietly(TeamThread thread)
    {
        TaskChildren children = thread.Children;
        int spun = 0;
        while (Volatile.Read(ref children.Count) != 0)
        {
            if (!TryRunOne(thread))
            {
                SpinPark.Idle(_budget, ref spun);
            }
        }
    }
}
