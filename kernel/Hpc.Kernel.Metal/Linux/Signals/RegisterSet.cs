using System.Runtime.InteropServices;

namespace Hpc.Kernel.Metal.Linux.Signals;

/// <summary>
/// A thread's general registers where a signal interrupted it, in the order of the x86-64 sigcontext's first 18
/// words (glibc's gregs[REG_R8 .. REG_EFL]), so the signal frame's copy is this struct as it is.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RegisterSet
{
    /// <summary>The registers in sigcontext order.</summary>
    public ulong R8, R9, R10, R11, R12, R13, R14, R15, Rdi, Rsi, Rbp, Rbx, Rdx, Rax, Rcx, Rsp, Rip, Rflags;
}
