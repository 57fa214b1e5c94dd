using Hpc.Hosted;

namespace Hpc.Scheduling;

/// <summary>What a core does when every rank on it is blocked.</summary>
internal enum IdlePolicy
{
    /// <summary>
    /// The last rank to block keeps its thread awake and polls every doorbell of the core (lowest latency; the
    /// default). Writers may bump a doorbell with a plain <see cref="Interlocked.Increment(ref int)"/>.
    /// </summary>
    Poll,

    /// <summary>
    /// After a short poll the core sleeps in <c>futex_waitv</c> on every doorbell of its blocked ranks. Writers must
    /// then use <see cref="Doorbell.Ring"/>, which wakes the core when the doorbell's sleeping flag is set.
    /// </summary>
    Park,
}
