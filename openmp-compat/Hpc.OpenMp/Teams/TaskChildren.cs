namespace Hpc.OpenMp.Teams;

/// <summary>The number of unfinished child tasks of one task: what <c>taskwait</c> waits on.</summary>
internal sealed class TaskChildren
{
    /// <summary>Unfinished children.</summary>
    public int Count;

    /// <summary>The depend clauses of the children, once a child had one.</summary>
    public TaskDependences? Dependences;
}
