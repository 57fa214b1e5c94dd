namespace Hpc.Kernel.Metal.Linux.Memory;

/// <summary>
/// The main thread's stack: a mapping of <see cref="Size"/> bytes in <see cref="ProgramAddressSpace"/>, backed as it
/// is touched, with an unmapped guard page below it (an overflow faults instead of running into other memory).
/// </summary>
internal static class ProgramStack
{
    /// <summary>Bytes of the stack (what getrlimit(RLIMIT_STACK) reports).</summary>
    public const ulong Size = 8UL << 20;
    /// <summary>Bytes of the guard below it.</summary>
    private const ulong GuardSize = 4096;

    /// <summary>The stack's top (0 until it is mapped).</summary>
    public static ulong Top { get; private set; }

    /// <summary>Maps the stack; returns its top.</summary>
    public static ulong Allocate()
    {
        ulong guard = (ulong)ProgramAddressSpace.Map(0, GuardSize + Size, ProgramAddressSpace.ProtectRead | ProgramAddressSpace.ProtectWrite, false, false);
        ProgramAddressSpace.Unmap(guard, GuardSize);
        Top = guard + GuardSize + Size;
        return Top;
    }
}
