using Hpc.OpenMp.Teams;

namespace Hpc.OpenMp;

/// <summary>Explicit tasks: <c>#pragma omp task</c>, <c>taskwait</c> and <c>taskloop</c>.</summary>
public static partial class Omp
{
    /// <summary>
    /// <c>#pragma omp task</c>: <paramref name="body"/> runs later on some thread of the team, at the latest by the
    /// next barrier or the region's end. Outside a region, or in a team of one, it runs at once (an undeferred task).
    /// An exception in a task ends the region like one in the region's body.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
    /// <example>
    /// <code>
    /// Omp.Parallel(() =&gt; Omp.Single(() =&gt; { foreach (Node n in list) { Omp.Task(() =&gt; Process(n)); } }));
    /// </code>
    /// </example>
    public static void Task(Action body)
    {
        ArgumentNullException.ThrowIfNull(body);
        TeamThread? thread = CurrentTeamThread.Value;
        if (thread?.Team is not { } team || thread.Size == 1)
        {
            body();
            return;
        }

        team.Spawn(thread, body);
    }

    /// <summary>
    /// <c>#pragma omp task depend(in: …) depend(out: …)</c>: like <see cref="Task(Action)"/>, but the task starts only
    /// after the earlier sibling tasks (created by the same task) its dependences name: for
    /// <see cref="TaskDependence.In"/>, those that write the object; for <see cref="TaskDependence.Out"/>, those
    /// that read or write it. Outside a region, or in a team of one, it runs at once (its predecessors have too).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
    /// <example>
    /// <code>
    /// Omp.Parallel(() =&gt; Omp.Single(() =&gt;
    /// {
    ///     Omp.Task(() =&gt; Fill(a), TaskDependence.Out(a));
    ///     Omp.Task(() =&gt; Fill(b), TaskDependence.Out(b));
    ///     Omp.Task(() =&gt; Add(a, b, c), TaskDependence.In(a), TaskDependence.In(b), TaskDependence.Out(c));
    /// }));
    /// </code>
    /// </example>
    public static void Task(Action body, params ReadOnlySpan<TaskDependence> depends)
    {
        ArgumentNullException.ThrowIfNull(body);
        foreach (TaskDependence depend in depends)
        {
            if (depend.Target is null)
            {
                throw new ArgumentException("A default TaskDependence names no object; use TaskDependence.In or Out.", nameof(depends));
            }
        }

        TeamThread? thread = CurrentTeamThread.Value;
        if (thread?.Team is not { } team || thread.Size == 1)
        {
            body();
            return;
        }

        team.Spawn(thread, body, depends);
    }

    /// <summary>
    /// <c>#pragma omp taskwait</c>: returns once every task the calling task created has finished, running pooled
    /// tasks meanwhile.
    /// </summary>
    public static void TaskWait()
    {
        TeamThread? thread = CurrentTeamThread.Value;
        if (thread?.Team is { } team && thread.Size > 1)
        {
            team.WaitForChildren(thread);
        }
    }

    /// <summary>
    /// <c>#pragma omp taskloop grainsize(g)</c> over [<paramref name="fromInclusive"/>, <paramref name="toExclusive"/>):
    /// the calling thread makes a task of every <paramref name="grainSize"/> iterations (the last may have fewer), and
    /// returns once they have all finished (the construct's implicit taskgroup), running some of them meanwhile; the
    /// team's other threads take the rest when they wait at a barrier or in a taskwait. Call it from one thread
    /// (inside <see cref="Single(Action)"/>, typically). Outside a region, or in a team of one, the iterations run at once.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="grainSize"/> is below 1.</exception>
    /// <example>
    /// <code>
    /// Omp.Parallel(() =&gt; Omp.Single(() =&gt; Omp.TaskLoop(0, rows, 8, r =&gt; Smooth(r))));
    /// </code>
    /// </example>
    public static void TaskLoop(int fromInclusive, int toExclusive, int grainSize, Action<int> body)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(grainSize, 1);
        ArgumentNullException.ThrowIfNull(body);
        TeamThread? thread = CurrentTeamThread.Value;
        if (thread?.Team is not { } team || thread.Size == 1)
        {
            for (int i = fromInclusive; i < toExclusive; i++)
            {
                body(i);
            }

            return;
        }

        // The loop's tasks are counted apart from the caller's other children: the taskgroup waits for them only.
        TaskChildren outer = thread.Children;
        var group = new TaskChildren();
        thread.Children = group;
        try
        {
            for (long start = fromInclusive; start < toExclusive; start += grainSize)
            {
                int first = (int)start;
                int end = (int)Math.Min(toExclusive, start + grainSize);
                team.Spawn(thread, () =>
                {
                    for (int i = first; i < end; i++)
                    {
                        body(i);
                    }
                });
            }
        }
        finally
        {
            thread.Children = outer;
        }

        team.WaitForGroup(thread, group);
    }
}
