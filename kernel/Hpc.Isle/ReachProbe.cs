using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Hpc.Isle;

/// <summary>
/// What a job could reach from inside an isle, tried for real after the isle is confined (<c>hermit-run --doctor</c>
/// starts an isle in this mode instead of running ranks). Each line: <c>name|ok or open|what was found</c>, where
/// "ok" means the job is kept out.
/// </summary>
internal static class ReachProbe
{
    /// <summary>Prints one line per check to standard output; returns 0.</summary>
    public static int Run(string outsideFile)
    {
        Report("network", Network());
        Report("unix sockets", UnixSockets());
        Report("/proc", OtherProcesses());
        Report("capabilities", Capabilities());
        Report("files", Files(outsideFile));
        Report("file metadata", Metadata(outsideFile));
        Report("processes", ProcessLimit());
        return 0;
    }

    /// <summary>Writes a line.</summary>
    private static void Report(string name, (bool Kept, string Found) result) =>
        Console.WriteLine($"{name}|{(result.Kept ? "ok" : "open")}|{result.Found}");

    /// <summary>Interfaces other than loopback that are up.</summary>
    private static (bool, string) Network()
    {
        string[] up = [.. NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.NetworkInterfaceType != NetworkInterfaceType.Loopback && i.OperationalStatus != OperationalStatus.Down)
            .Select(i => i.Name)];
        return up.Length == 0 ? (true, "no interface but loopback (own network namespace)") : (false, $"interfaces {string.Join(", ", up)} reachable");
    }

    /// <summary>Whether a UNIX socket can be created (and so a path-named one connected to).</summary>
    private static (bool, string) UnixSockets()
    {
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            return (false, "can be created: any daemon listening on a path the isle sees is reachable");
        }
        catch (SocketException e)
        {
            return (true, $"refused ({e.SocketErrorCode})");
        }
    }

    /// <summary>Processes visible in /proc besides this one and the namespace's init.</summary>
    private static (bool, string) OtherProcesses() => LeftoverProcesses.Describe() is string others
        ? (false, $"{others} visible (their environ and maps may be readable)")
        : (true, "only the isle's own processes");

    /// <summary>The effective and bounding capability sets.</summary>
    private static (bool, string) Capabilities()
    {
        ulong effective = Hpc.Hosted.CapabilityDrop.Effective();
        ulong bounding = Hpc.Hosted.CapabilityDrop.Bounding();
        return (effective == 0 && bounding == 0, $"effective {effective:x}, bounding {bounding:x}");
    }

    /// <summary>Reading a file outside every root.</summary>
    private static (bool, string) Files(string outsideFile)
    {
        try
        {
            _ = File.ReadAllBytes(outsideFile);
            return (false, $"{outsideFile} (outside every root) is readable");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (true, $"reading outside the roots refused ({e.GetType().Name})");
        }
    }

    /// <summary>chmod of a file outside every root.</summary>
    private static (bool, string) Metadata(string outsideFile)
    {
        try
        {
            File.SetUnixFileMode(outsideFile, File.GetUnixFileMode(outsideFile));
            return (false, $"chmod of {outsideFile} (outside every root) succeeded");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (true, $"chmod outside the roots refused ({e.GetType().Name})");
        }
    }

    /// <summary>The pids limit of the isle's cgroup (v1 pids hierarchy, or v2), else its RLIMIT_NPROC, if any.</summary>
    private static (bool, string) ProcessLimit()
    {
        foreach (string directory in Hpc.Hosted.PidsHierarchy.OwnDirectories())
        {
            string max = Path.Join(directory, "pids.max");
            if (File.Exists(max))
            {
                string value = File.ReadAllText(max).Trim();
                return value == "max" ? (false, "no limit: a fork bomb can exhaust the node") : (true, $"at most {value} processes and threads");
            }
        }

        string? nproc = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max processes", StringComparison.Ordinal));
        string[] fields = nproc?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        return fields.Length > 3 && fields[2] != "unlimited"
            ? (true, $"at most {fields[2]} processes and threads (RLIMIT_NPROC; no pids cgroup)")
            : (false, "no pids cgroup and no RLIMIT_NPROC: a fork bomb can exhaust the node");
    }
}
