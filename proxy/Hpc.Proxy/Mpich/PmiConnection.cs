using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Hpc.Proxy.Mpich;

/// <summary>
/// Ends this process's PMI-1 connection to hydra's proxy as MPI_Finalize would (<c>cmd=finalize</c>, then
/// <c>cmd=finalize_ack</c>), without MPI_Finalize, which hangs over UCX TCP. Hydra's proxy takes a PMI socket that
/// closes without it for a failed process: it signals the others (SIGUSR1, or SIGKILL under auto-cleanup) and stores
/// a stand-in status of 1, which stays when it reaped the process first (its output pipes closed before the socket
/// did): mpiexec then reports "Hangup (signal 1)" (a raw wait status 1 reads as SIGHUP) and exits 1 although every
/// process exited 0. After the finalize, hydra forgets the socket and the process's own status counts.
/// </summary>
internal static partial class PmiConnection
{
    /// <summary>EINTR.</summary>
    private const int Interrupted = 4;

    /// <summary>POLLIN.</summary>
    private const short PollIn = 1;

    /// <summary>
    /// Sends PMI-1's finalize on hydra's descriptor (PMI_FD) and waits at most <paramref name="timeout"/> for the
    /// acknowledgement. False when there is no such descriptor (not started by hydra, or another PMI version) or no
    /// acknowledgement came. Call once, from the thread that owns MPI, after the last MPI call.
    /// </summary>
    public static unsafe bool Finalize(TimeSpan timeout)
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("PMI_FD"), NumberStyles.None, CultureInfo.InvariantCulture, out int fd)
            || Environment.GetEnvironmentVariable("PMI_VERSION") is { } version && version != "1")
        {
            return false;
        }

        byte[] command = Encoding.ASCII.GetBytes("cmd=finalize\n");
        fixed (byte* bytes = command)
        {
            for (int sent = 0; sent < command.Length;)
            {
                nint written = Write(fd, bytes + sent, (nuint)(command.Length - sent));
                if (written < 0 && Marshal.GetLastPInvokeError() == Interrupted)
                {
                    continue;
                }

                if (written <= 0)
                {
                    return false;
                }

                sent += (int)written;
            }
        }

        // One line back; hydra may signal this process meanwhile (SIGUSR1 when another node failed), hence EINTR.
        long deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var answer = new List<byte>();
        byte* buffer = stackalloc byte[128];
        while (!answer.Contains((byte)'\n'))
        {
            int left = (int)Math.Max(0, (deadline - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency);
            var poll = new PollDescriptor { Descriptor = fd, Events = PollIn };
            int ready = Poll(&poll, 1, left);
            if (ready < 0 && Marshal.GetLastPInvokeError() == Interrupted)
            {
                continue;
            }

            if (ready <= 0)
            {
                return false;
            }

            nint read = Read(fd, buffer, 128);
            if (read < 0 && Marshal.GetLastPInvokeError() == Interrupted)
            {
                continue;
            }

            if (read <= 0)
            {
                return false;
            }

            answer.AddRange(new ReadOnlySpan<byte>(buffer, (int)read));
        }

        // The descriptor stays open: hydra closed its end, and a closed number could be reused by anything opened later.
        return Encoding.ASCII.GetString([.. answer]).StartsWith("cmd=finalize_ack", StringComparison.Ordinal);
    }

    /// <summary>struct pollfd.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct PollDescriptor
    {
        /// <summary>The descriptor.</summary>
        public int Descriptor;
        /// <summary>Requested events.</summary>
        public short Events;
        /// <summary>Returned events.</summary>
        public short ReturnedEvents;
    }

    /// <summary>write(2).</summary>
    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static unsafe partial nint Write(int fd, byte* buffer, nuint count);

    /// <summary>read(2).</summary>
    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static unsafe partial nint Read(int fd, byte* buffer, nuint count);

    /// <summary>poll(2).</summary>
    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static unsafe partial int Poll(PollDescriptor* descriptors, nuint count, int milliseconds);
}
