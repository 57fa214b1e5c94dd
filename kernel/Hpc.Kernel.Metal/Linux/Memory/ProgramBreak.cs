using Hpc.Kernel.Metal.Memory;

namespace Hpc.Kernel.Metal.Linux.Memory;

/// <summary>
/// The program's heap (brk): one zeroed block of identity-mapped RAM reserved when the program is loaded, right
/// for glibc's small early allocations; it grows and shrinks inside it, never past it, and glibc's malloc falls
/// back to mmap (<see cref="ProgramAddressSpace"/>) when it refuses.
/// </summary>
internal static unsafe class ProgramBreak
{
    /// <summary>Bytes reserved for the brk area.</summary>
    public const ulong BreakReserve = 8UL << 20;

    /// <summary>First byte of the brk area (the initial break).</summary>
    private static ulong s_breakStart;
    /// <summary>The current break.</summary>
    private static ulong s_break;
    /// <summary>Serialises changes (threads will come).</summary>
    private static int s_lock;

    /// <summary>First byte of the brk area.</summary>
    public static ulong Start => s_breakStart;

    /// <summary>Reserves the brk area.</summary>
    public static void Setup()
    {
        s_breakStart = (ulong)PhysicalMemory.Claim(BreakReserve);
        s_break = s_breakStart;
    }

    /// <summary>
    /// brk: moves the break to <paramref name="requested"/> when it stays inside the area (memory given back and
    /// taken again is zeroed again, as fresh pages would be); returns the break, which is unchanged on refusal.
    /// </summary>
    public static ulong Break(ulong requested)
    {
        Platform.SpinLock.Enter(ref s_lock);
        if (requested >= s_breakStart && requested <= s_breakStart + BreakReserve)
        {
            if (requested < s_break)
            {
                SpanHelpers.ClearWithoutReferences(ref *(byte*)requested, (nuint)(s_break - requested));
            }

            s_break = requested;
        }

        ulong result = s_break;
        Platform.SpinLock.Exit(ref s_lock);
        return result;
    }
}
