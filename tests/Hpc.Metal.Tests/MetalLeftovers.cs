namespace Hpc.Metal.Tests;

/// <summary>What a metal job may leave behind and must not: its segment in /dev/shm and QEMU processes.</summary>
internal static class MetalLeftovers
{
    /// <summary>Segments of metal jobs (named after the image, hpc-metal.elf).</summary>
    public static string[] Segments() => Directory.GetFiles("/dev/shm", "hpc-hpc_metal-*");

    /// <summary>Live QEMU processes serving a metal job's segment.</summary>
    public static int[] QemuProcesses()
    {
        var found = new List<int>();
        foreach (string dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid))
            {
                continue;
            }

            try
            {
                string cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
                string stat = File.ReadAllText(Path.Combine(dir, "stat"));
                bool zombie = stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
                if (cmdline.Contains("qemu-system-x86_64", StringComparison.Ordinal) && cmdline.Contains("hpc-hpc_metal-", StringComparison.Ordinal) && !zombie)
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        return [.. found];
    }

    /// <summary>Children of <paramref name="parent"/> whose command is QEMU.</summary>
    public static int[] QemuChildrenOf(int parent) =>
        QemuProcesses().Where(pid =>
        {
            try
            {
                string stat = File.ReadAllText($"/proc/{pid}/stat");
                string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                return int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) == parent;
            }
            catch (IOException)
            {
                return false;
            }
        }).ToArray();

    /// <summary>Asserts that nothing is left (QEMU may take a moment to be reaped: wait up to 2 s).</summary>
    public static void AssertNone(string context)
    {
        var deadline = DateTime.UtcNow.AddSeconds(2);
        while (DateTime.UtcNow < deadline && (Segments().Length > 0 || QemuProcesses().Length > 0))
        {
            Thread.Sleep(20);
        }

        Assert.Multiple(() =>
        {
            Assert.That(Segments(), Is.Empty, $"segments left behind\n{context}");
            Assert.That(QemuProcesses(), Is.Empty, $"QEMU processes left behind\n{context}");
        });
    }
}
