namespace Hpc.Scheduling;

/// <summary>Where a rank stands with its core. Written only by the thread that holds the core.</summary>
internal enum RankTaskState
{
    /// <summary>Registered, not yet run: always worth running (its entry point has work to do).</summary>
    NotStarted,

    /// <summary>Holds the core and runs.</summary>
    Running,

    /// <summary>Waits for its doorbell to differ from <see cref="RankTask.Seen"/>.</summary>
    Blocked,

    /// <summary>
    /// Gave the core to another rank while it could still run (<see cref="IsleScheduler.Yield"/>): ready, it gets the
    /// core back in its round-robin turn.
    /// </summary>
    Yielded,

    /// <summary>Its entry point returned; never runs again.</summary>
    Exited,
}
