using Hpc.Kernel.Metal.Memory;
using Hpc.Kernel.Metal.Platform;
using Hpc.Protocol;

namespace Hpc.Kernel.Metal.Linux;

/// <summary>
/// The table from system-call number to handler. Each family (Syscalls/*.cs) registers its calls; a number with no
/// handler returns -ENOSYS, and the first time a number is seen the kernel prints one line naming it.
/// </summary>
internal static unsafe class SyscallTable
{
    /// <summary>Numbers the table covers (x86-64 Linux stays below this; clone3 is 435).</summary>
    public const int Size = 512;

    /// <summary>Handlers by number (0 = none): raw memory, so the table exists before any object does.</summary>
    private static nint* s_handlers;
    /// <summary>Non-zero for numbers below <see cref="Size"/> already reported as unsupported.</summary>
    private static byte* s_reported;
    /// <summary>Numbers from <see cref="Size"/> up already reported (the first <see cref="LargeSlots"/> of them).</summary>
    private static ulong* s_reportedLarge;
    /// <summary>Large numbers remembered; a program calling more distinct ones gets a line for each call beyond.</summary>
    private const int LargeSlots = 32;
    /// <summary>True when the kernel command line has <c>strace</c>: every call is printed with its result.</summary>
    private static bool s_trace;

    /// <summary>Allocates the table and lets every family register.</summary>
    public static void Build()
    {
        s_handlers = (nint*)PhysicalMemory.Claim((ulong)(Size * sizeof(nint)));
        s_reported = PhysicalMemory.Claim(Size);
        s_reportedLarge = (ulong*)PhysicalMemory.Claim(LargeSlots * sizeof(ulong));
        s_trace = Boot.BootInfo.Argument("strace") is not null;
        Syscalls.Files.Register();
        Syscalls.Paths.Register();
        Syscalls.ProxiedFiles.Register();
        Syscalls.ProxiedPaths.Register();
        Syscalls.Memory.Register();
        Syscalls.Identity.Register();
        Syscalls.Threads.Register();
        Syscalls.Futexes.Register();
        Syscalls.Process.Register();
        Syscalls.Time.Register();
        Syscalls.Random.Register();
        Syscalls.Signals.Register();
    }

    /// <summary>Sets the handler of call <paramref name="number"/>.</summary>
    public static void Register(int number, delegate*<SyscallFrame*, long> handler) => s_handlers[number] = (nint)handler;

    /// <summary>Runs the handler of the frame's call; unknown calls return -ENOSYS.</summary>
    public static long Invoke(SyscallFrame* frame)
    {
        ulong number = frame->Number;
        nint handler = number < Size ? s_handlers[number] : 0;
        long result;
        if (handler != 0)
        {
            result = ((delegate*<SyscallFrame*, long>)handler)(frame);
        }
        else
        {
            ReportUnsupported(number);
            result = -(long)LinuxErrno.ENOSYS;
        }

        if (s_trace)
        {
            Trace(frame, result);
        }

        return result;
    }

    /// <summary>One line a call: name, the first three arguments (a path as its text), the result (exit_group never gets here).</summary>
    private static void Trace(SyscallFrame* frame, long result)
    {
        string? name = SyscallNames.Of(frame->Number);
        ulong number = frame->Number;
        // Calls whose first or second argument is a path: the path says more than its address.
        int pathArgument = number is SyscallNames.Open or SyscallNames.Access or SyscallNames.Readlink or SyscallNames.Statfs
            or SyscallNames.Stat or SyscallNames.Lstat or SyscallNames.Unlink or SyscallNames.Mkdir or SyscallNames.Rmdir or SyscallNames.Rename ? 0
            : number is SyscallNames.OpenAt or SyscallNames.NewFstatAt or SyscallNames.ReadlinkAt or SyscallNames.UnlinkAt
            or SyscallNames.MkdirAt or SyscallNames.RenameAt or SyscallNames.RenameAt2 or SyscallNames.FAccessAt or SyscallNames.FAccessAt2 ? 1 : -1;
        string first = pathArgument == 0 ? PathText(frame->Arg0) : "0x" + Number.FormatHex(frame->Arg0);
        string second = pathArgument == 1 ? PathText(frame->Arg1) : "0x" + Number.FormatHex(frame->Arg1);
        KernelConsole.WriteNotice("hpc strace: " + (name ?? Number.Format(frame->Number)) + "(" + first + ", " + second +
            ", 0x" + Number.FormatHex(frame->Arg2) + ") = " + Number.Format(result));
    }

    /// <summary>The NUL-terminated path at <paramref name="address"/>, quoted (at most 200 bytes).</summary>
    private static string PathText(ulong address)
    {
        if (!UserPointer.IsValid(address, 1))
        {
            return "0x" + Number.FormatHex(address);
        }

        char* text = stackalloc char[202];
        int length = 0;
        text[length++] = '"';
        for (byte* at = (byte*)address; *at != 0 && length < 200 && UserPointer.IsValid((ulong)at, 1); at++)
        {
            text[length++] = (char)*at;
        }

        text[length++] = '"';
        return string.FromChars(text, length);
    }

    /// <summary>True the first time <paramref name="number"/> is reported (and remembers it).</summary>
    private static bool FirstReport(ulong number)
    {
        if (number < Size)
        {
            bool first = s_reported[number] == 0;
            s_reported[number] = 1;
            return first;
        }

        for (int i = 0; i < LargeSlots; i++)
        {
            if (s_reportedLarge[i] == number + 1)
            {
                return false;
            }

            if (s_reportedLarge[i] == 0)
            {
                s_reportedLarge[i] = number + 1;
                return true;
            }
        }

        return true;
    }

    /// <summary>Prints one line the first time an unsupported number is called.</summary>
    private static void ReportUnsupported(ulong number)
    {
        if (!FirstReport(number))
        {
            return;
        }

        string? name = SyscallNames.Of(number);
        string what = name is null ? Number.Format(number) : Number.Format(number) + " (" + name + ")";
        KernelConsole.WriteNotice("hpc: unsupported system call " + what + ": -ENOSYS");
    }
}
