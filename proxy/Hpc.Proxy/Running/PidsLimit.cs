using System.Globalization;

namespace Hpc.Proxy.Running;

/// <summary>
/// A pids cgroup per isle: the most processes and threads the isle and everything it starts may have at once, so
/// a fork bomb fails inside its own isle (fork returns EAGAIN) instead of exhausting the node and aborting
/// hermit-run. Made under the proxy's own cgroup in the pids hierarchy (cgroup v1 <c>pids</c>, or v2 where the
/// <c>pids</c> controller is available); removed when the isle is gone. Directories left by a hermit-run that was
/// killed are removed by the next one. Where there is no such cgroup (an unprivileged user), the isle sets the same
/// number as its RLIMIT_NPROC instead, which its own user namespace counts for it alone.
/// </summary>
internal sealed class PidsLimit : IDisposable
{
    /// <summary>Processes and threads per isle. A rank is a thread, an OpenMP member too; the runtime adds ~20.</summary>
    public const int DefaultMax = 4096;

    /// <summary>Environment variable of hermit-run that sets another limit (a positive number).</summary>
    public const string Variable = "HPC_ISLE_PIDS_MAX";

    /// <summary>The limit per isle: <see cref="Variable"/> if set to a positive number, else <see cref="DefaultMax"/>.</summary>
    public static int Max => int.TryParse(Environment.GetEnvironmentVariable(Variable), NumberStyles.None, CultureInfo.InvariantCulture, out int set) && set > 0
        ? set
        : DefaultMax;

    /// <summary>The name prefix of the directories this hermit-run makes: hermit-run-&lt;pid&gt;-&lt;isle&gt;.</summary>
    private const string Prefix = "hermit-run-";

    /// <summary>Makes the cgroup directory of one isle.</summary>
    private PidsLimit(string directory) => Directory = directory;

    /// <summary>The cgroup directory the isle joins.</summary>
    public string Directory { get; }

    /// <summary>The limit for isle <paramref name="isle"/>, or null when this node has no pids cgroup hermit-run may use.</summary>
    public static PidsLimit? Create(int isle)
    {
        int max = Max;
        string? parent = ParentDirectory();
        if (parent is null)
        {
            return null;
        }

        RemoveStale(parent);
        string directory = Path.Combine(parent, $"{Prefix}{Environment.ProcessId}-{isle}");
        try
        {
            System.IO.Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, "pids.max"), max.ToString(CultureInfo.InvariantCulture));
            return new PidsLimit(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryRemove(directory);
            return null;
        }
    }

    /// <summary>Removes the directory (the kernel allows it once the last process of the cgroup is reaped).</summary>
    public void Dispose()
    {
        for (int attempt = 0; attempt < 50 && !TryRemove(Directory); attempt++)
        {
            Thread.Sleep(10);
        }
    }

    /// <summary>
    /// This process's own cgroup in the pids hierarchy, if child groups with a pids limit can be made there: v1, or
    /// v2 where the pids controller is enabled for children.
    /// </summary>
    private static string? ParentDirectory()
    {
        foreach (string directory in Hpc.Hosted.PidsHierarchy.OwnDirectories())
        {
            try
            {
                string subtree = Path.Combine(directory, "cgroup.subtree_control");
                if (File.Exists(Path.Combine(directory, "cgroup.procs"))
                    && (!File.Exists(subtree) || File.ReadAllText(subtree).Contains("pids", StringComparison.Ordinal)))
                {
                    return directory;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }

        return null;
    }

    /// <summary>Removes directories of hermit-runs that are no longer running.</summary>
    private static void RemoveStale(string parent)
    {
        try
        {
            foreach (string directory in System.IO.Directory.EnumerateDirectories(parent, Prefix + "*"))
            {
                string[] parts = Path.GetFileName(directory)[Prefix.Length..].Split('-');
                if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                    && pid != Environment.ProcessId && !System.IO.Directory.Exists($"/proc/{pid}"))
                {
                    TryRemove(directory);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Removes a cgroup directory; false while processes remain in it.</summary>
    private static bool TryRemove(string directory)
    {
        try
        {
            System.IO.Directory.Delete(directory);
            return true;
        }
        catch (DirectoryNotFoundException)
        {
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
