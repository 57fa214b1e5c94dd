using Hpc.Quiet;

namespace Hpc;

public static partial class Job
{
    /// <summary>
    /// Starts the calling rank's quiet phase: no garbage collection until it ends (a no-GC region for the whole
    /// isle, sized by what its ranks say they allocate), the runtime's own threads moved to the housekeeping cpu,
    /// memory locked where allowed, and SCHED_FIFO for the caller when hermit-run was given <c>--quiet-fifo</c>.
    /// Every rank of the isle should enter before any of them starts measuring (a barrier after the call), since
    /// the first one in collects once to empty the heap. Dispose the result to end the phase.
    /// </summary>
    /// <param name="allocationBytes">The most this rank allocates on the managed heap until the phase ends.</param>
    /// <example>
    /// <code>
    /// using (QuietPhase quiet = Job.EnterQuietPhase(32 &lt;&lt; 20))
    /// {
    ///     comm.Barrier();
    ///     Measure();
    /// }
    /// </code>
    /// </example>
    public static QuietPhase EnterQuietPhase(long allocationBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(allocationBytes);
        return QuietPhase.Enter(allocationBytes);
    }
}
