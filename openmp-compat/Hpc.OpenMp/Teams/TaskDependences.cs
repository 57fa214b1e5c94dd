namespace Hpc.OpenMp.Teams;

/// <summary>
/// The depend clauses of one task's children: per target object, the last sibling that writes it and the siblings
/// that read it since. Only the thread running the parent creates its children, so the map needs no lock; the
/// links it makes are guarded by the tasks themselves (<see cref="TeamTask.AddSuccessor"/>).
/// </summary>
internal sealed class TaskDependences
{
    /// <summary>The last writer and later readers of each target, by reference.</summary>
    private readonly Dictionary<object, (TeamTask? Writer, List<TeamTask> Readers)> _targets = new(ReferenceEqualityComparer.Instance);

    /// <summary>Makes <paramref name="task"/> wait for the earlier siblings its dependences name, and records it.</summary>
    public void Link(TeamTask task, ReadOnlySpan<TaskDependence> depends)
    {
        foreach (TaskDependence depend in depends)
        {
            if (!_targets.TryGetValue(depend.Target, out (TeamTask? Writer, List<TeamTask> Readers) record))
            {
                record = (null, []);
            }

            record.Writer?.AddSuccessor(task);
            if (depend.Writes)
            {
                foreach (TeamTask reader in record.Readers)
                {
                    reader.AddSuccessor(task);
                }

                _targets[depend.Target] = (task, []);
            }
            else
            {
                record.Readers.Add(task);
                _targets[depend.Target] = record;
            }
        }
    }

    /// <summary>Forgets every target: called when all the children have finished (taskwait, barrier).</summary>
    public void Clear() => _targets.Clear();
}
