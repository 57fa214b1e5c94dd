using System.Runtime.InteropServices;

namespace Hpc.Hosted;

/// <summary>The libc entry points the hosted isle calls to pin and confine itself (x86_64 Linux, glibc).</summary>
/// <remarks>
/// <c>syscall</c> and <c>prctl</c> are variadic in C; they are bound here with fixed integer arguments, which the
/// x86_64 System V convention passes in the same registers as a variadic call would.
/// </remarks>
internal static unsafe partial class LibC
{
    /// <summary>The C library every entry point is bound from.</summary>
    private const string Library = "libc";

    /// <summary><c>landlock_create_ruleset</c> on x86_64.</summary>
    public const long SysLandlockCreateRuleset = 444;

    /// <summary><c>landlock_add_rule</c> on x86_64.</summary>
    public const long SysLandlockAddRule = 445;

    /// <summary><c>landlock_restrict_self</c> on x86_64.</summary>
    public const long SysLandlockRestrictSelf = 446;

    /// <summary><c>prctl</c> option: the calling thread and its descendants can never gain privileges (needed for Landlock).</summary>
    public const int PrSetNoNewPrivs = 38;

    /// <summary><c>prctl</c> option: the signal the process receives when its parent thread dies.</summary>
    public const int PrSetPdeathsig = 1;

    /// <summary><c>prctl</c> option: reads the parent-death signal.</summary>
    public const int PrGetPdeathsig = 2;

    /// <summary><c>open</c> flag: a handle that names a file without opening it for I/O (enough for Landlock rules).</summary>
    public const int OPath = 0x200000;

    /// <summary><c>open</c> flag: fail with ENOTDIR unless the path is a directory.</summary>
    public const int ODirectory = 0x10000;

    /// <summary><c>open</c> flag: close on execve, so rule handles do not leak into the re-executed runtime.</summary>
    public const int OCloexec = 0x80000;

    /// <summary>The raw system call entry, here with three arguments.</summary>
    [LibraryImport(Library, EntryPoint = "syscall", SetLastError = true)]
    public static partial long Syscall3(long number, nint arg1, nint arg2, nint arg3);

    /// <summary><c>mount_setattr</c> on x86_64: changes the flags of a mount (tree) without remounting it.</summary>
    public const long SysMountSetattr = 442;

    /// <summary><c>capset</c> on x86_64.</summary>
    public const long SysCapset = 126;

    /// <summary><c>seccomp</c> on x86_64.</summary>
    public const long SysSeccomp = 317;

    /// <summary>The raw system call entry, here with four arguments.</summary>
    [LibraryImport(Library, EntryPoint = "syscall", SetLastError = true)]
    public static partial long Syscall4(long number, nint arg1, nint arg2, nint arg3, nint arg4);

    /// <summary>The raw system call entry, here with five arguments.</summary>
    [LibraryImport(Library, EntryPoint = "syscall", SetLastError = true)]
    public static partial long Syscall5(long number, nint arg1, nint arg2, nint arg3, nint arg4, nint arg5);

    /// <summary>Attaches a filesystem or makes a bind mount (<c>mount(2)</c>).</summary>
    [LibraryImport(Library, EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Mount(string? source, string target, string? fileSystemType, nuint flags, nint data);

    /// <summary>Sets a resource limit (<c>setrlimit(2)</c>; the struct is two 64-bit words: soft, hard).</summary>
    [LibraryImport(Library, EntryPoint = "setrlimit", SetLastError = true)]
    public static partial int SetResourceLimit(int resource, ulong* limits);

    /// <summary>Process and thread controls (<c>prctl(2)</c>).</summary>
    [LibraryImport(Library, EntryPoint = "prctl", SetLastError = true)]
    public static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    /// <summary>The parent's process id.</summary>
    [LibraryImport(Library, EntryPoint = "getppid")]
    public static partial int GetParentPid();

    /// <summary>The calling process's id.</summary>
    [LibraryImport(Library, EntryPoint = "getpid")]
    public static partial int GetPid();

    /// <summary>The calling process's process group id.</summary>
    [LibraryImport(Library, EntryPoint = "getpgrp")]
    public static partial int GetProcessGroup();

    /// <summary>Moves a process into a process group (<c>setpgid(0, 0)</c>: a new group led by the caller).</summary>
    [LibraryImport(Library, EntryPoint = "setpgid", SetLastError = true)]
    public static partial int SetProcessGroup(int pid, int pgid);

    /// <summary>Sets the cpu mask of a thread (<c>pid</c> 0: the calling thread).</summary>
    [LibraryImport(Library, EntryPoint = "sched_setaffinity", SetLastError = true)]
    public static partial int SchedSetAffinity(int pid, nuint maskBytes, byte* mask);

    /// <summary>Reads the cpu mask of a thread (<c>pid</c> 0: the calling thread).</summary>
    [LibraryImport(Library, EntryPoint = "sched_getaffinity", SetLastError = true)]
    public static partial int SchedGetAffinity(int pid, nuint maskBytes, byte* mask);

    /// <summary>The cpu the calling thread runs on right now.</summary>
    [LibraryImport(Library, EntryPoint = "sched_getcpu", SetLastError = true)]
    public static partial int SchedGetCpu();

    /// <summary>The calling thread's id (the kernel's, as /proc/self/task lists it).</summary>
    [LibraryImport(Library, EntryPoint = "gettid")]
    public static partial int GetThreadId();

    /// <summary>Opens a path (no mode argument: never called with O_CREAT).</summary>
    [LibraryImport(Library, EntryPoint = "open", SetLastError = true)]
    public static partial int Open(byte* path, int flags);

    /// <summary>Closes a file descriptor.</summary>
    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    /// <summary>Replaces the process image; returns only on failure.</summary>
    [LibraryImport(Library, EntryPoint = "execve", SetLastError = true)]
    public static partial int Execve(byte* path, byte** argv, byte** envp);

    /// <summary>Sends a signal (signal 0: only checks that it could be sent).</summary>
    [LibraryImport(Library, EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
