using System.Runtime.InteropServices;
using Hpc.Hosted;

namespace Hpc.Kernel.Tests.Hosted;

/// <summary>A pidfd: waits for the end of a process that is not our child (Process.WaitForExit needs a child).</summary>
internal sealed unsafe partial class PidFd : IDisposable
{
    /// <summary><c>pidfd_open</c> on x86_64.</summary>
    private const long SysPidfdOpen = 434;

    /// <summary><c>POLLIN</c>: a pidfd becomes readable when its process has exited.</summary>
    private const short PollIn = 1;

    /// <summary>Interrupted system call.</summary>
    private const int EIntr = 4;

    /// <summary>The descriptor.</summary>
    private readonly int _fd;

    /// <summary>Keeps an open descriptor.</summary>
    private PidFd(int fd) => _fd = fd;

    /// <summary>Opens a pidfd for a running process.</summary>
    public static PidFd Open(int pid)
    {
        long fd = LibC.Syscall3(SysPidfdOpen, pid, 0, 0);
        if (fd < 0)
        {
            throw new InvalidOperationException($"pidfd_open({pid}) failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return new PidFd((int)fd);
    }

    /// <summary>True once the process has exited; false if it still runs after <paramref name="limit"/>.</summary>
    public bool WaitForExit(TimeSpan limit)
    {
        long deadline = Environment.TickCount64 + (long)limit.TotalMilliseconds;
        while (true)
        {
            PollFd entry = new() { Fd = _fd, Events = PollIn };
            int remaining = (int)Math.Max(0, deadline - Environment.TickCount64);
            int ready = Poll(&entry, 1, remaining);
            if (ready >= 0)
            {
                return ready == 1;
            }

            // EINTR: the SIGCHLD of the exiting sh interrupts poll; wait on for the rest of the limit.
            int errno = Marshal.GetLastPInvokeError();
            if (errno != EIntr)
            {
                throw new InvalidOperationException($"poll(pidfd) failed: errno {errno}");
            }
        }
    }

    /// <summary>Closes the descriptor.</summary>
    public void Dispose() => LibC.Close(_fd);

    /// <summary><c>poll(2)</c>.</summary>
    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(PollFd* fds, nuint count, int timeoutMs);

    /// <summary><c>struct pollfd</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        /// <summary>The descriptor polled.</summary>
        public int Fd;

        /// <summary>Events waited for.</summary>
        public short Events;

        /// <summary>Events that happened.</summary>
        public short Revents;
    }
}
