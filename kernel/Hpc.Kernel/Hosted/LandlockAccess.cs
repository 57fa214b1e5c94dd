namespace Hpc.Hosted;

/// <summary>What a Landlock rule grants beneath its path.</summary>
internal enum LandlockAccess
{
    /// <summary>Read files, list directories, execute files.</summary>
    ReadOnly,

    /// <summary>Every filesystem right the running Landlock ABI handles (write, create, remove, truncate, ...).</summary>
    ReadWrite,
}
