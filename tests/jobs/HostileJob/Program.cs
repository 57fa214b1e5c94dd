// Attempts of a hostile job, picked by the arguments: each prints "ATTEMPT TARGET outcome", where outcome is "ok"
// (it worked: a hole) or "denied ..." (it was refused). Used by the end-to-end confinement tests.
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Hpc.Tests.Jobs.Hostile;

switch (args.Length > 0 ? args[0] : "")
{
    case "hold": // started by "leave-child": a daemon that would outlive the job
        _ = Native.setsid();
        Thread.Sleep(Timeout.Infinite);
        return 0;
    case "leave-child": // starts a daemon (its own session) and returns 0
        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        start.ArgumentList.Add(typeof(Attempts).Assembly.Location);
        start.ArgumentList.Add("hold");
        using (Process.Start(start))
        {
        }

        Console.WriteLine("leave-child started");
        return 0;
    case "fork-bomb": // forks until the kernel refuses; the children wait forever
        Console.WriteLine($"fork-bomb {Attempts.ForkUntilRefused()}");
        return 0;
    default:
        // ATTEMPT:TARGET pairs
        foreach (string attempt in args)
        {
            int colon = attempt.IndexOf(':', StringComparison.Ordinal);
            string verb = colon < 0 ? attempt : attempt[..colon];
            string target = colon < 0 ? "" : attempt[(colon + 1)..];
            Console.WriteLine($"{verb} {target} {Attempts.Try(verb, target)}");
        }

        return 0;
}

namespace Hpc.Tests.Jobs.Hostile
{
    /// <summary>The attempts, each returning "ok" or "denied (reason)".</summary>
    internal static unsafe class Attempts
    {
        /// <summary>Runs one attempt.</summary>
        public static string Try(string verb, string target)
        {
            try
            {
                int result = verb switch
                {
                    "write" => Write(target),
                    "read" => Read(target),
                    "chmod" => Native.chmod(target, Convert.ToUInt32("777", 8)),
                    "chown" => Native.chown(target, 65534, 65534),
                    "utimes" => Native.utimes(target, 0),
                    "setxattr" => Native.setxattr(target, "user.hpc", "x", 1, 0),
                    "unix-connect" => UnixConnect(target),
                    "proc-others" => ProcOthers(),
                    "capabilities" => Capabilities(),
                    "nice" => Native.setpriority(0, 0, -20),
                    _ => throw new ArgumentException($"unknown attempt {verb}"),
                };
                return result == 0 ? "ok" : $"denied errno {Marshal.GetLastPInvokeError()}";
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                return $"denied {e.GetType().Name}";
            }
        }

        /// <summary>Forks until refused; returns "refused after N: errno E".</summary>
        public static string ForkUntilRefused()
        {
            _ = Native.getpid(); // the stubs the child runs are bound before the first fork
            _ = Native.pause_if(false);
            for (int count = 0; ; count++)
            {
                int pid = Native.fork();
                if (pid == 0)
                {
                    _ = Native.pause_if(true);
                    Native._exit(0);
                }

                if (pid < 0)
                {
                    return $"refused after {count}: errno {Marshal.GetLastPInvokeError()}";
                }

                if (count > 100_000)
                {
                    return $"never refused ({count})";
                }
            }
        }

        /// <summary>Writes a marker into a file.</summary>
        private static int Write(string path)
        {
            File.WriteAllText(path, "written by HostileJob\n");
            return 0;
        }

        /// <summary>Reads a file whole.</summary>
        private static int Read(string path)
        {
            _ = File.ReadAllBytes(path);
            return 0;
        }

        /// <summary>Connects to a UNIX socket named by a path (as the .NET diagnostics client does).</summary>
        private static int UnixConnect(string path)
        {
            int fd = Native.socket(1, 1, 0);
            if (fd < 0)
            {
                return -1;
            }

            byte* address = stackalloc byte[110];
            new Span<byte>(address, 110).Clear();
            address[0] = 1; // AF_UNIX
            byte[] name = Encoding.UTF8.GetBytes(path);
            name.AsSpan(0, Math.Min(name.Length, 107)).CopyTo(new Span<byte>(address + 2, 107));
            int result = Native.connect(fd, address, 110);
            _ = Native.close(fd);
            return result;
        }

        /// <summary>0 (ok: a hole) when other processes than this one and pid 1 are visible in /proc.</summary>
        private static int ProcOthers()
        {
            int others = Directory.EnumerateDirectories("/proc")
                .Select(Path.GetFileName)
                .Count(n => int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && pid != 1 && pid != Environment.ProcessId);
            Console.WriteLine($"info: {others} other processes visible");
            return others > 0 ? 0 : -1;
        }

        /// <summary>0 (ok: a hole) when any capability is effective or in the bounding set.</summary>
        private static int Capabilities()
        {
            string[] lines = File.ReadAllLines("/proc/self/status");
            string Mask(string key) => lines.First(l => l.StartsWith(key, StringComparison.Ordinal))[key.Length..].Trim();
            Console.WriteLine($"info: CapEff {Mask("CapEff:")} CapBnd {Mask("CapBnd:")}");
            return ulong.Parse(Mask("CapEff:"), NumberStyles.HexNumber, CultureInfo.InvariantCulture) != 0
                || ulong.Parse(Mask("CapBnd:"), NumberStyles.HexNumber, CultureInfo.InvariantCulture) != 0 ? 0 : -1;
        }
    }

    /// <summary>The libc calls of the attempts.</summary>
    internal static unsafe partial class Native
    {
        [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int chmod(string path, uint mode);

        [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int chown(string path, int owner, int group);

        [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int utimes(string path, nint times);

        [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int setxattr(string path, string name, string value, nuint size, int flags);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int socket(int domain, int type, int protocol);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int connect(int fd, byte* address, int length);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int close(int fd);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int setpriority(int which, int who, int priority);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int fork();

        [LibraryImport("libc")]
        internal static partial int getpid();

        [LibraryImport("libc")]
        internal static partial int setsid();

        [LibraryImport("libc")]
        internal static partial void _exit(int status);

        /// <summary>pause(2) when <paramref name="really"/>: lets the stub be bound before any fork.</summary>
        internal static int pause_if(bool really) => really ? pause() : 0;

        [LibraryImport("libc")]
        private static partial int pause();
    }
}
