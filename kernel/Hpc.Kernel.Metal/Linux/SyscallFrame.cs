using System.Runtime.InteropServices;

namespace Hpc.Kernel.Metal.Linux;

/// <summary>
/// What Boot/syscall.asm saved on the cpu's system-call stack: the program's registers at the `syscall`
/// instruction, lowest address first. Handlers read the number and arguments; changing <see cref="Rip"/>,
/// <see cref="Rsp"/> or a register changes where and how the program resumes.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SyscallFrame
{
    /// <summary>Callee-saved registers (a new thread starts with the creator's; a signal frame records them).</summary>
    public ulong R15, R14, R13, R12, Rbx, Rbp;
    /// <summary>First argument (RDI).</summary>
    public ulong Arg0;
    /// <summary>Second argument (RSI).</summary>
    public ulong Arg1;
    /// <summary>Third argument (RDX).</summary>
    public ulong Arg2;
    /// <summary>Fourth argument (R10: RCX is taken by `syscall`).</summary>
    public ulong Arg3;
    /// <summary>Fifth argument (R8).</summary>
    public ulong Arg4;
    /// <summary>Sixth argument (R9).</summary>
    public ulong Arg5;
    /// <summary>The call number (RAX).</summary>
    public ulong Number;
    /// <summary>Where the program resumes (RCX at entry).</summary>
    public ulong Rip;
    /// <summary>The program's flags (R11 at entry).</summary>
    public ulong Rflags;
    /// <summary>The program's stack pointer.</summary>
    public ulong Rsp;
}
