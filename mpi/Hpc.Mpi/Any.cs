namespace Hpc.Mpi;

/// <summary>Wildcards of receives and probes.</summary>
public static class Any
{
    /// <summary>Match a message from any source rank.</summary>
    public const int Source = -1;

    /// <summary>Match a message with any tag.</summary>
    public const int Tag = -1;
}
