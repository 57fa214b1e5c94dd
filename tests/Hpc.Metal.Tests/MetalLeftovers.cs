using Hpc.EndToEnd.Tests;

namespace Hpc.Metal.Tests;

/// <summary>What a metal job may leave behind and must not: its segment in /dev/shm, QEMU processes, its environment file.</summary>
internal static class MetalLeftovers
{
    /// <summary>Segments of metal jobs (named after the image, hpc-metal.elf).</summary>
    public static string[] Segments() => Directory.GetFiles("/dev/shm", "hpc-hpc_metal-*");

    /// <summary>
    /// Live QEMU processes serving a metal job's segment with a kernel of this checkout (other checkouts on the machine
    /// may be running metal jobs of their own meanwhile).
    /// </summary>
    public static int[] QemuProcesses() =>
        LiveProcesses.Matching(cmdline => cmdline.Contains("qemu-system-x86_64", StringComparison.Ordinal) && cmdline.Contains("hpc-hpc_metal-", StringComparison.Ordinal)
            && cmdline.Contains(HermitRun.RepoRoot, StringComparison.Ordinal));

    /// <summary>
    /// Environment files of metal jobs (hpc-environment-PID-…) whose hermit-run is gone: each must be removed by the
    /// hermit-run that wrote it.
    /// </summary>
    public static string[] EnvironmentFiles() =>
        [.. Directory.GetFiles(Path.GetTempPath(), "hpc-environment-*")
            .Where(path => int.TryParse(Path.GetFileName(path).Split('-')[2], out int pid) && !Directory.Exists($"/proc/{pid}"))];

    /// <summary>Children of <paramref name="parent"/> whose command is QEMU.</summary>
    public static int[] QemuChildrenOf(int parent) => QemuProcesses().Where(pid => LiveProcesses.ParentOf(pid) == parent).ToArray();

    /// <summary>Asserts that nothing is left (QEMU may take a moment to be reaped: wait up to 2 s).</summary>
    public static void AssertNone(string context)
    {
        var deadline = DateTime.UtcNow.AddSeconds(2);
        while (DateTime.UtcNow < deadline && (Segments().Length > 0 || QemuProcesses().Length > 0 || EnvironmentFiles().Length > 0))
        {
            Thread.Sleep(20);
        }

        Assert.Multiple(() =>
        {
            Assert.That(Segments(), Is.Empty, $"segments left behind\n{context}");
            Assert.That(QemuProcesses(), Is.Empty, $"QEMU processes left behind\n{context}");
            Assert.That(EnvironmentFiles(), Is.Empty, $"environment files left behind\n{context}");
        });
    }
}
