using System.Globalization;

namespace Hpc.Isle;

/// <summary>
/// Processes of the isle's pid namespace other than the isle and the namespace's init: what the job started (a
/// <c>Process.Start</c>, a <c>fork</c>, a <c>setsid</c> daemon) and left running. They die with the namespace when
/// the isle exits; the job is reported as not clean all the same, as its output may be incomplete.
/// </summary>
internal static class LeftoverProcesses
{
    /// <summary>A description such as "2 processes (dotnet, sleep)", or null when none are left.</summary>
    public static string? Describe()
    {
        var names = new List<string>();
        foreach (string entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                || pid == 1 || pid == Environment.ProcessId)
            {
                continue;
            }

            // "pid (comm) state ...": an exited, unreaped child (state Z) is not running.
            string? stat = Read(Path.Combine(entry, "stat"));
            int close = stat?.LastIndexOf(')') ?? -1;
            if (stat is null || close < 0 || close + 2 >= stat.Length || stat[close + 2] == 'Z')
            {
                continue;
            }

            int open = stat.IndexOf('(', StringComparison.Ordinal);
            names.Add(stat[(open + 1)..close]);
        }

        if (names.Count == 0)
        {
            return null;
        }

        string list = string.Join(", ", names.Distinct().Take(5)) + (names.Distinct().Count() > 5 ? ", ..." : "");
        return $"{names.Count} process{(names.Count > 1 ? "es" : "")} ({list})";
    }

    /// <summary>A /proc file, or null once the process is gone.</summary>
    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
