using System.Globalization;
using System.Runtime.InteropServices;

namespace Hpc.Proxy.Mpich;

/// <summary>
/// Marks every descriptor above 2 close-on-exec. MPI_Init leaves hydra's pipes and sockets and UCX's sockets open
/// without the flag, and .NET's Process.Start closes nothing, so without this every child holds ~30 of the job's
/// descriptors (a dead node's launcher then waits for orphans instead of ending the job).
/// </summary>
internal static partial class InheritedDescriptors
{
    /// <summary>CLOSE_RANGE_CLOEXEC.</summary>
    private const int CloseRangeCloseOnExec = 1 << 2;
    /// <summary>F_GETFD.</summary>
    private const int GetDescriptorFlags = 1;
    /// <summary>F_SETFD.</summary>
    private const int SetDescriptorFlags = 2;
    /// <summary>FD_CLOEXEC.</summary>
    private const int CloseOnExecFlag = 1;

    /// <summary>Sets FD_CLOEXEC on every open descriptor above 2 (close_range, or one by one where it is missing).</summary>
    public static void MarkCloseOnExec()
    {
        try
        {
            if (CloseRange(3, uint.MaxValue, CloseRangeCloseOnExec) == 0)
            {
                return;
            }
        }
        catch (EntryPointNotFoundException)
        {
            // glibc before 2.34: fall through to the walk below.
        }

        // Kernels before 5.11 lack CLOSE_RANGE_CLOEXEC: walk /proc/self/fd instead (listing it opens one more
        // descriptor, which is gone again by the time it would matter).
        foreach (string entry in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            if (int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out int fd) && fd > 2)
            {
                int flags = Fcntl(fd, GetDescriptorFlags, 0);
                if (flags >= 0)
                {
                    _ = Fcntl(fd, SetDescriptorFlags, flags | CloseOnExecFlag);
                }
            }
        }
    }

    /// <summary>True when <paramref name="fd"/> is open and close-on-exec.</summary>
    public static bool IsCloseOnExec(int fd)
    {
        int flags = Fcntl(fd, GetDescriptorFlags, 0);
        return flags >= 0 && (flags & CloseOnExecFlag) != 0;
    }

    /// <summary>close_range(2) (glibc 2.34+).</summary>
    [LibraryImport("libc", EntryPoint = "close_range", SetLastError = true)]
    private static partial int CloseRange(uint first, uint last, int flags);

    /// <summary>fcntl(2) with an int argument (variadic in C; an int is passed the same way on x86_64 and arm64).</summary>
    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);
}
