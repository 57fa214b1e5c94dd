namespace Hpc.OpenMp;

/// <summary>How idle team threads wait (OpenMP's <c>OMP_WAIT_POLICY</c>).</summary>
public enum WaitPolicy
{
    /// <summary>Not set: spin for a while (≈ a millisecond), then sleep on a futex, like libgomp's default.</summary>
    Default = 0,

    /// <summary><c>active</c>: waiting threads keep spinning on their cores (lowest latency; the cores stay busy).</summary>
    Active,

    /// <summary><c>passive</c>: waiting threads sleep on a futex at once and are woken by the thread they wait for.</summary>
    Passive,
}
