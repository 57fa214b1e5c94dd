namespace Hpc.Hosted;

/// <summary>
/// Where this process's own cgroup sits in a hierarchy that can carry the pids controller: cgroup v1's <c>pids</c>
/// hierarchy, or the v2 unified one mounted at /sys/fs/cgroup. The proxy makes its isles' process limits below it;
/// an isle reads its limit from it (hermit-run --doctor).
/// </summary>
internal static class PidsHierarchy
{
    /// <summary>The v1 pids hierarchy's mount.</summary>
    private const string V1Mount = "/sys/fs/cgroup/pids";

    /// <summary>The v2 unified hierarchy's mount.</summary>
    private const string V2Mount = "/sys/fs/cgroup";

    /// <summary>
    /// This process's cgroup directory in each such hierarchy, from <c>/proc/self/cgroup</c> ("ID:controllers:path";
    /// v1 names pids among the controllers, v2 is the line "0::path"). Empty when it cannot be read.
    /// </summary>
    public static IEnumerable<string> OwnDirectories()
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines("/proc/self/cgroup");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }

        return lines.Select(line => line.Split(':', 3)).Where(parts => parts.Length == 3).Select(parts =>
            parts[1].Split(',').Contains("pids") ? Path.Join(V1Mount, parts[2])
            : parts[0] == "0" && parts[1].Length == 0 && File.Exists(Path.Join(V2Mount, "cgroup.controllers")) ? Path.Join(V2Mount, parts[2])
            : null).OfType<string>().ToArray();
    }
}
