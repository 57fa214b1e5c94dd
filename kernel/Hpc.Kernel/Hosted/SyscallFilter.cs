using System.Runtime.InteropServices;
using Hpc.Protocol;

namespace Hpc.Hosted;

/// <summary>
/// A seccomp filter for the isle: the few system calls that reach past Landlock and the namespaces. Landlock does not
/// govern <c>connect</c> to a UNIX socket named by a path, so a job could reach any daemon listening on one (a
/// .NET diagnostics port, a container engine); the isle creates no UNIX socket of its own, so
/// <c>socket(AF_UNIX, …)</c> fails with EACCES (socket pairs stay allowed). io_uring would run socket and file
/// operations outside this filter; new namespaces would give the job a fresh set of capabilities; the kernel
/// keyring is shared by every process of the uid; x32 calls would bypass the numbers checked here.
/// </summary>
internal static unsafe class SyscallFilter
{
    /// <summary><c>AUDIT_ARCH_X86_64</c>.</summary>
    private const uint AuditArchX8664 = 0xc000003e;
    /// <summary>The x32 ABI's bit in the system call number.</summary>
    private const uint X32Bit = 0x40000000;
    /// <summary><c>AF_UNIX</c>.</summary>
    private const uint AfUnix = 1;

    /// <summary>Namespace flags of <c>clone</c>: CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET.</summary>
    private const uint CloneNamespaceFlags = 0x20000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000;

    /// <summary>System call numbers (x86_64).</summary>
    private const uint SysSocket = 41, SysClone = 56, SysUnshare = 272, SysSetns = 308, SysAddKey = 248,
        SysRequestKey = 249, SysKeyctl = 250, SysUserfaultfd = 323, SysIoUringSetup = 425, SysIoUringEnter = 426,
        SysIoUringRegister = 427, SysClone3 = 435;

    /// <summary>BPF opcodes used here.</summary>
    private const ushort LoadWordAbsolute = 0x20, JumpIfEqual = 0x15, JumpIfGreaterOrEqual = 0x35, JumpIfAnyBit = 0x45, Return = 0x06;

    /// <summary>Offsets in <c>struct seccomp_data</c>.</summary>
    private const uint NumberOffset = 0, ArchOffset = 4, FirstArgumentOffset = 16;

    /// <summary>Filter results.</summary>
    private const uint Allow = 0x7fff0000, KillProcess = 0x80000000, ReturnErrno = 0x00050000;

    /// <summary><c>SECCOMP_SET_MODE_FILTER</c>.</summary>
    private const int SetModeFilter = 1;

    /// <summary>One classic BPF instruction (<c>struct sock_filter</c>).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public readonly record struct Instruction(ushort Code, byte JumpTrue, byte JumpFalse, uint K);

    /// <summary><c>struct sock_fprog</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Program
    {
        /// <summary>Instruction count.</summary>
        public ushort Length;
        /// <summary>The instructions.</summary>
        public Instruction* Filter;
    }

    /// <summary>The filter program, as the kernel will run it.</summary>
    public static Instruction[] Build()
    {
        var code = new List<Instruction>
        {
            new(LoadWordAbsolute, 0, 0, ArchOffset),
            new(JumpIfEqual, 1, 0, AuditArchX8664),
            new(Return, 0, 0, KillProcess),
            new(LoadWordAbsolute, 0, 0, NumberOffset),
            new(JumpIfGreaterOrEqual, 0, 1, X32Bit),
            new(Return, 0, 0, ReturnErrno | (uint)LinuxErrno.ENOSYS),
        };

        // glibc falls back from clone3 (whose flags live in memory a filter cannot read) to clone on ENOSYS.
        foreach (uint call in new[] { SysIoUringSetup, SysIoUringEnter, SysIoUringRegister, SysClone3, SysAddKey, SysRequestKey, SysKeyctl })
        {
            Deny(code, call, LinuxErrno.ENOSYS);
        }

        Deny(code, SysUnshare, LinuxErrno.EPERM);
        Deny(code, SysSetns, LinuxErrno.EPERM);
        Deny(code, SysUserfaultfd, LinuxErrno.EPERM);
        DenyWhenFirstArgument(code, SysSocket, JumpIfEqual, AfUnix, LinuxErrno.EACCES);
        DenyWhenFirstArgument(code, SysClone, JumpIfAnyBit, CloneNamespaceFlags, LinuxErrno.EPERM);
        code.Add(new(Return, 0, 0, Allow));
        return [.. code];
    }

    /// <summary>Installs the filter on the calling thread (inherited by execve and every thread created later).</summary>
    /// <exception cref="ConfinementException">The kernel refused it (no_new_privs must be set first).</exception>
    public static void Install()
    {
        Instruction[] code = Build();
        fixed (Instruction* filter = code)
        {
            var program = new Program { Length = (ushort)code.Length, Filter = filter };
            if (LibC.Syscall3(LibC.SysSeccomp, SetModeFilter, 0, (nint)(&program)) != 0)
            {
                throw ConfinementException.FromLastError("seccomp(SECCOMP_SET_MODE_FILTER)");
            }
        }
    }

    /// <summary>Adds: if the call is <paramref name="call"/>, fail with <paramref name="errno"/>.</summary>
    private static void Deny(List<Instruction> code, uint call, int errno)
    {
        code.Add(new(LoadWordAbsolute, 0, 0, NumberOffset));
        code.Add(new(JumpIfEqual, 0, 1, call));
        code.Add(new(Return, 0, 0, ReturnErrno | (uint)errno));
    }

    /// <summary>Adds: if the call is <paramref name="call"/> and its first argument (low 32 bits) matches, fail.</summary>
    private static void DenyWhenFirstArgument(List<Instruction> code, uint call, ushort test, uint value, int errno)
    {
        code.Add(new(LoadWordAbsolute, 0, 0, NumberOffset));
        code.Add(new(JumpIfEqual, 0, 3, call));
        code.Add(new(LoadWordAbsolute, 0, 0, FirstArgumentOffset));
        code.Add(new(test, 0, 1, value));
        code.Add(new(Return, 0, 0, ReturnErrno | (uint)errno));
    }
}
