namespace Hpc.OpenMp;

/// <summary>
/// One <c>depend</c> clause item of <see cref="Omp.Task(Action, ReadOnlySpan{TaskDependence})"/>: the object a task
/// reads (<see cref="In"/>) or writes (<see cref="Out"/>). Objects are told apart by reference, as OpenMP tells
/// storage apart by address: name an array, a box or any object standing for the data.
/// </summary>
public readonly struct TaskDependence
{
    /// <summary>A dependence on <paramref name="target"/>.</summary>
    private TaskDependence(object target, bool writes)
    {
        ArgumentNullException.ThrowIfNull(target);
        Target = target;
        Writes = writes;
    }

    /// <summary>The object the task reads or writes.</summary>
    public object Target { get; }

    /// <summary>True for out and inout: the task waits for earlier readers and writers of the target; false for in: for earlier writers only.</summary>
    public bool Writes { get; }

    /// <summary><c>depend(in: target)</c>: the task runs after every earlier sibling task that writes <paramref name="target"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="target"/> is null.</exception>
    public static TaskDependence In(object target) => new(target, writes: false);

    /// <summary><c>depend(out: target)</c> (and inout): the task runs after every earlier sibling task that reads or writes <paramref name="target"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="target"/> is null.</exception>
    public static TaskDependence Out(object target) => new(target, writes: true);
}
