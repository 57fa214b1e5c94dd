namespace Hpc.OpenMp.Teams;

/// <summary>
/// An explicit task (<c>#pragma omp task</c>): its body, the counter of its creator's children, and, for a task with
/// dependences, the tasks it waits for and the ones that wait for it.
/// </summary>
internal sealed class TeamTask(Action body, TaskChildren parent)
{
    /// <summary>What the task runs.</summary>
    public Action Body { get; } = body;

    /// <summary>The children counter of the task (or implicit task) that created it, for taskwait.</summary>
    public TaskChildren Parent { get; } = parent;

    /// <summary>Unfinished tasks this one waits for, plus one while it is being linked; it goes to the pool at 0.</summary>
    public int Predecessors = 1;

    /// <summary>Tasks waiting for this one (guarded by this object); null once it has finished.</summary>
    public List<TeamTask>? Successors = [];

    /// <summary>Makes <paramref name="successor"/> wait for this task, unless it has finished already.</summary>
    public void AddSuccessor(TeamTask successor)
    {
        lock (this)
        {
            if (Successors is null)
            {
                return;
            }

            Successors.Add(successor);
            Interlocked.Increment(ref successor.Predecessors);
        }
    }

    /// <summary>Marks the task finished; returns the tasks that waited for it.</summary>
    public List<TeamTask> Finish()
    {
        lock (this)
        {
            List<TeamTask> successors = Successors ?? [];
            Successors = null;
            return successors;
        }
    }
}
