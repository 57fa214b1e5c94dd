namespace Hpc.Kernel.Metal.Linux;

/// <summary>The auxiliary-vector keys the initial stack carries (Linux include/uapi/linux/auxvec.h).</summary>
internal static class AuxiliaryVector
{
    /// <summary>End of the vector.</summary>
    public const ulong Null = 0;
    /// <summary>Address of the program headers.</summary>
    public const ulong ProgramHeaders = 3;
    /// <summary>Size of one program header.</summary>
    public const ulong ProgramHeaderSize = 4;
    /// <summary>Number of program headers.</summary>
    public const ulong ProgramHeaderCount = 5;
    /// <summary>Page size.</summary>
    public const ulong PageSize = 6;
    /// <summary>Base of the interpreter (0: a static PIE has none).</summary>
    public const ulong InterpreterBase = 7;
    /// <summary>Flags.</summary>
    public const ulong Flags = 8;
    /// <summary>The program's entry.</summary>
    public const ulong Entry = 9;
    /// <summary>Real user id.</summary>
    public const ulong Uid = 11;
    /// <summary>Effective user id.</summary>
    public const ulong EffectiveUid = 12;
    /// <summary>Real group id.</summary>
    public const ulong Gid = 13;
    /// <summary>Effective group id.</summary>
    public const ulong EffectiveGid = 14;
    /// <summary>Address of the platform string ("x86_64").</summary>
    public const ulong Platform = 15;
    /// <summary>CPU capability bits (0 here: glibc reads CPUID itself).</summary>
    public const ulong HardwareCapabilities = 16;
    /// <summary>Clock ticks a second (times()).</summary>
    public const ulong ClockTicks = 17;
    /// <summary>Non-zero for set-uid programs.</summary>
    public const ulong Secure = 23;
    /// <summary>Address of 16 random bytes.</summary>
    public const ulong Random = 25;
    /// <summary>More CPU capability bits (0 here).</summary>
    public const ulong HardwareCapabilities2 = 26;
    /// <summary>Address of the executable's file name.</summary>
    public const ulong ExecutableName = 31;
}
