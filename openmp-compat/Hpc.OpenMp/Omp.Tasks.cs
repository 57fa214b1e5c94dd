using Hpc.OpenMp.Teams;

namespace Hpc.OpenMp;

/// <summary>Explicit tasks: <c>#pragma omp task</c> and <c>taskwait</c>.</summary>
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
}
