namespace Hpc.Protocol;

/// <summary>How a rank ended.</summary>
internal enum RankExitKind
{
    /// <summary>Its entry point returned (a status, or 0 for void).</summary>
    Returned = 0,
    /// <summary>An exception escaped it; the description holds type, message and stack.</summary>
    Exception = 1,
    /// <summary>The job could not be loaded or its entry point not found.</summary>
    LoadFailure = 2,
    /// <summary>It called Environment.Exit, which ends the whole isle.</summary>
    EnvironmentExit = 3,
    /// <summary>It asked for the whole job to end (Job.Abort, Comm.Abort); the description says why.</summary>
    Abort = 4,
    /// <summary>The rank's own process (<c>--aot</c>) was killed by a signal; the exit code is 128 + its number.</summary>
    Signal = 5,
}
