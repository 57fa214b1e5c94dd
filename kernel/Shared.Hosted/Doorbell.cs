namespace Hpc.Hosted;

/// <summary>
/// A rank's doorbell: two 32-bit words, usually in the shared segment. Word 0 is the counter that writers bump after
/// they post something for the rank; word 1 is the "core asleep" flag, owned by the scheduler and set only while the
/// rank's core sleeps under the isle scheduler's Park idle policy (it must start at zero and share the counter's cache line,
/// which 8-byte alignment guarantees).
/// </summary>
internal static unsafe class Doorbell
{
    /// <summary>Bytes a doorbell occupies: the counter and the sleeping flag.</summary>
    public const int Size = 8;

    /// <summary>
    /// Bumps the counter and, if the rank's core sleeps on it, wakes the core. Safe from any thread of any process
    /// that maps the doorbell; under the Poll idle policy a plain interlocked increment is equivalent.
    /// </summary>
    public static void Ring(int* doorbell)
    {
        // The locked increment orders the flag read after it: either the sleeper's futex_waitv sees the new count
        // and does not sleep, or this read sees the flag it set before sleeping and wakes it.
        Interlocked.Increment(ref *doorbell);
        if (Volatile.Read(ref doorbell[1]) != 0)
        {
            Futex.Wake(doorbell, 1);
        }
    }

    /// <summary>Sets the sleeping flag (a full fence, so the sleeper's following value check sees later bumps).</summary>
    public static void MarkSleeping(int* doorbell) => Interlocked.Exchange(ref doorbell[1], 1);

    /// <summary>Clears the sleeping flag once the core is awake again.</summary>
    public static void ClearSleeping(int* doorbell) => Volatile.Write(ref doorbell[1], 0);
}
