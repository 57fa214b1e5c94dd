using Hpc.Protocol;
namespace Hpc.Kernel.Metal.Linux.Syscalls;

/// <summary>
/// Who the program is: process 1 (the only one in the isle), user and group 0, and a uname that says Linux on
/// x86_64 so glibc's checks pass.
/// </summary>
internal static unsafe class Identity
{
    /// <summary>The program's process id (and its main thread's id).</summary>
    public const long ProcessId = 1;
    /// <summary>Bytes of each utsname field.</summary>
    private const int FieldSize = 65;

    /// <summary>Registers the family.</summary>
    public static void Register()
    {
        SyscallTable.Register(SyscallNames.GetPid, &GetPid);
        SyscallTable.Register(SyscallNames.GetPpid, &Zero);
        SyscallTable.Register(SyscallNames.GetUid, &Zero);
        SyscallTable.Register(SyscallNames.GetGid, &Zero);
        SyscallTable.Register(SyscallNames.GetEuid, &Zero);
        SyscallTable.Register(SyscallNames.GetEgid, &Zero);
        SyscallTable.Register(SyscallNames.Uname, &Uname);
    }

    /// <summary>getpid().</summary>
    private static long GetPid(SyscallFrame* frame) => ProcessId;

    /// <summary>getppid, getuid, getgid, geteuid, getegid: 0 (no parent in the isle; root inside it).</summary>
    private static long Zero(SyscallFrame* frame) => 0;

    /// <summary>uname(buf): sysname, nodename, release, version, machine, domainname.</summary>
    private static long Uname(SyscallFrame* frame)
    {
        if (!UserPointer.IsValid(frame->Arg0, 6 * FieldSize))
        {
            return -(long)LinuxErrno.EFAULT;
        }

        byte* fields = (byte*)frame->Arg0;
        Put(fields, "Linux");
        Put(fields + FieldSize, "hpc-isle");
        Put(fields + 2 * FieldSize, "6.1.0-hpc");
        Put(fields + 3 * FieldSize, "#1 Hpc metal isle");
        Put(fields + 4 * FieldSize, "x86_64");
        Put(fields + 5 * FieldSize, "(none)");
        return 0;
    }

    /// <summary>Writes <paramref name="text"/> NUL-padded into one field.</summary>
    private static void Put(byte* field, string text)
    {
        for (int i = 0; i < FieldSize; i++)
        {
            field[i] = i < text.Length ? (byte)text[i] : (byte)0;
        }
    }
}
