using Hpc.Kernel.Metal.Linux.Memory;
using Hpc.Kernel.Metal.Platform;
using Hpc.Protocol;

namespace Hpc.Kernel.Metal.Linux.Syscalls;

/// <summary>
/// The process as a whole: exit_group ends the job with the program's status (the proxy gets it on the
/// rank's ring; QEMU's exit code carries it, as for a linked job), and resource limits read as Linux's defaults.
/// </summary>
internal static unsafe class Process
{
    /// <summary>RLIMIT_STACK.</summary>
    private const ulong LimitStack = 3;
    /// <summary>RLIMIT_NOFILE.</summary>
    private const ulong LimitOpenFiles = 7;
    /// <summary>RLIM_INFINITY.</summary>
    private const ulong Unlimited = ulong.MaxValue;

    /// <summary>Registers the family.</summary>
    public static void Register()
    {
        SyscallTable.Register(SyscallNames.ExitGroup, &ExitGroup);
        SyscallTable.Register(SyscallNames.Sysinfo, &Sysinfo);
        SyscallTable.Register(SyscallNames.Getrusage, &Getrusage);
        SyscallTable.Register(SyscallNames.Prlimit64, &Prlimit64);
        SyscallTable.Register(SyscallNames.GetRlimit, &GetRlimit);
    }

    /// <summary>exit_group(status): the low 8 bits, as wait() would see them.</summary>
    private static long ExitGroup(SyscallFrame* frame)
    {
        Exit.Job((int)(frame->Arg0 & 0xFF));
        return 0;
    }

    /// <summary>Bytes of struct sysinfo.</summary>
    private const ulong SysinfoSize = 112;

    /// <summary>
    /// sysinfo(info): uptime, the isle's RAM as total and what is not yet claimed as free (glibc's
    /// sysconf(_SC_PHYS_PAGES), which sizes the GC, reads it), one process, unit 1 byte.
    /// </summary>
    private static long Sysinfo(SyscallFrame* frame)
    {
        if (!UserPointer.IsValid(frame->Arg0, SysinfoSize))
        {
            return -(long)LinuxErrno.EFAULT;
        }

        byte* info = (byte*)frame->Arg0;
        SpanHelpers.ClearWithoutReferences(ref *info, (nuint)SysinfoSize);
        ((long*)info)[0] = (long)(Drivers.Clock.NanosecondsSinceBoot / 1_000_000_000);
        ((ulong*)info)[4] = (ulong)Hpc.Kernel.Metal.Memory.PhysicalMemory.Size;
        ((ulong*)info)[5] = (ulong)(Hpc.Kernel.Metal.Memory.PhysicalMemory.Size - Hpc.Kernel.Metal.Memory.PhysicalMemory.Claimed) + Hpc.Kernel.Metal.Memory.FrameAllocator.FreeBytes;
        *(ushort*)(info + 80) = 1;
        *(uint*)(info + 104) = 1;
        return 0;
    }

    /// <summary>Bytes of struct rusage.</summary>
    private const ulong RusageSize = 144;

    /// <summary>
    /// getrusage(who, usage): user time is the time since boot (an isle's vCPUs run nothing but the program; the
    /// runtime's thread pool reads it to judge how busy it is), system time and the counters 0.
    /// </summary>
    private static long Getrusage(SyscallFrame* frame)
    {
        if (!UserPointer.IsValid(frame->Arg1, RusageSize))
        {
            return -(long)LinuxErrno.EFAULT;
        }

        byte* usage = (byte*)frame->Arg1;
        SpanHelpers.ClearWithoutReferences(ref *usage, (nuint)RusageSize);
        ulong microseconds = Drivers.Clock.MicrosecondsSinceBoot;
        ((ulong*)usage)[0] = microseconds / 1_000_000;
        ((ulong*)usage)[1] = microseconds % 1_000_000;
        return 0;
    }

    /// <summary>prlimit64(pid, resource, new, old): reads only (a new limit is accepted and ignored).</summary>
    private static long Prlimit64(SyscallFrame* frame)
    {
        if (frame->Arg0 != 0 && frame->Arg0 != (ulong)Identity.ProcessId)
        {
            return -(long)LinuxErrno.EPERM;
        }

        return frame->Arg3 == 0 ? 0 : Fill(frame->Arg1, frame->Arg3);
    }

    /// <summary>getrlimit(resource, rlim).</summary>
    private static long GetRlimit(SyscallFrame* frame) => Fill(frame->Arg0, frame->Arg1);

    /// <summary>Writes the soft and hard limit of <paramref name="resource"/> to <paramref name="target"/>.</summary>
    private static long Fill(ulong resource, ulong target)
    {
        if (!UserPointer.IsValid(target, 16))
        {
            return -(long)LinuxErrno.EFAULT;
        }

        ulong* limit = (ulong*)target;
        limit[0] = resource == LimitStack ? ProgramStack.Size : resource == LimitOpenFiles ? 1024 : Unlimited;
        limit[1] = resource == LimitOpenFiles ? 4096 : Unlimited;
        return 0;
    }
}
