namespace Hpc.Kernel.Metal.Linux.Threads;

/// <summary>Where a program thread stands with its cpu's scheduler.</summary>
internal enum ThreadRunState
{
    /// <summary>Its cpu runs it (in the program or in a system call).</summary>
    Running,
    /// <summary>Waiting in its cpu's ready queue (or, as the cpu's current thread, about to see it has been woken).</summary>
    Ready,
    /// <summary>Blocked in a system call (futex, sleep) until woken or its deadline passes.</summary>
    Blocked,
    /// <summary>Exited; its cpu never runs it again.</summary>
    Dead,
}
