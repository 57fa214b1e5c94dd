namespace Hpc.OpenMp.Teams;

/// <summary>An explicit task (<c>#pragma omp task</c>) waiting in its team's pool, and the counter of its creator's children.</summary>
internal sealed class TeamTask(Action body, TaskChildren parent)
{
    /// <summary>What the task runs.</summary>
    public Action Body { get; } = body;

    /// <summary>The children counter of the task (or implicit task) that created it, for taskwait.</summary>
    public TaskChildren Parent { get; } = parent;
}
