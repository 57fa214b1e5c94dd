namespace Hpc.OpenMp;

/// <summary>The construct <see cref="Omp.Cancel"/> and <see cref="Omp.CancellationPoint"/> act on.</summary>
public enum CancelKind
{
    /// <summary><c>cancel parallel</c>: the innermost enclosing parallel region.</summary>
    Parallel,

    /// <summary><c>cancel for</c>: the innermost enclosing work-sharing or combined parallel loop.</summary>
    For,
}
