namespace Hpc.Kernel.Metal.Linux.Threads;

/// <summary>Why a blocked thread runs again: what its system call returns.</summary>
internal enum WakeReason
{
    /// <summary>Not woken yet.</summary>
    None,
    /// <summary>Woken by the event it waited for (FUTEX_WAKE).</summary>
    Event,
    /// <summary>Its deadline passed (ETIMEDOUT, or the end of a sleep).</summary>
    Timeout,
    /// <summary>A signal arrived for it (EINTR).</summary>
    Signal,
}
