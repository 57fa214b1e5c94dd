namespace Hpc.EndToEnd.Tests;

/// <summary>What a job may leave behind and must not: segments in /dev/shm and isle processes.</summary>
internal static class Leftovers
{
    /// <summary>Segment files of any Hpc job.</summary>
    public static string[] Segments() =>
        Directory.GetFiles("/dev/shm", "hpc-*").Where(path => !Path.GetFileName(path).StartsWith("hpc-e2e", StringComparison.Ordinal)).ToArray();

    /// <summary>
    /// Segment files made at or after <paramref name="since"/> (a segment's size is set once, when it is made) that no
    /// live process maps: a segment another test project's job is still starting with (the noise studies run
    /// hermit-run at the same time) is that job's, not a leftover.
    /// </summary>
    public static string[] SegmentsSince(DateTime since) =>
        [.. Segments().Where(path => File.GetLastWriteTimeUtc(path) >= since.AddSeconds(-1) && !IsMapped(path))];

    /// <summary>Whether some process maps <paramref name="path"/> (its /proc/PID/maps names it).</summary>
    private static bool IsMapped(string path)
    {
        foreach (string process in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(process), out _))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(process, "maps")).Contains(path, StringComparison.Ordinal))
                {
                    return true;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended meanwhile, or is not ours to read.
            }
        }

        return false;
    }

    /// <summary>
    /// Process ids of running isles of this checkout (processes whose command line names its Hpc.Isle.dll): other
    /// checkouts' tests may run on the same machine at the same time.
    /// </summary>
    public static int[] IsleProcesses() => LiveProcesses.Matching(cmdline => cmdline.Contains(s_isle, StringComparison.Ordinal));

    /// <summary>This checkout's isle assembly.</summary>
    private static readonly string s_isle = Path.Combine(Path.GetDirectoryName(HermitRun.Tool)!, "Hpc.Isle.dll");

    /// <summary>Asserts that the run left nothing (isles may take a moment to be reaped: wait up to 2 s).</summary>
    public static void AssertNone(RunResult run)
    {
        var deadline = DateTime.UtcNow.AddSeconds(2);
        while (DateTime.UtcNow < deadline && (SegmentsSince(run.Started).Length > 0 || IsleProcesses().Length > 0))
        {
            Thread.Sleep(20);
        }

        Assert.Multiple(() =>
        {
            Assert.That(SegmentsSince(run.Started), Is.Empty, $"segments left behind\n{run}");
            Assert.That(IsleProcesses(), Is.Empty, $"isle processes left behind\n{run}");
        });
    }
}
