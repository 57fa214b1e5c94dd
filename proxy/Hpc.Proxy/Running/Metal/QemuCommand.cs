namespace Hpc.Proxy.Running.Metal;

/// <summary>
/// The QEMU command line of one metal isle: a PC with the isle's cores as vCPUs, the kernel image booted through
/// PVH, the node segment as an ivshmem-plain device backed by the segment file itself (QEMU opens it at start, before
/// the proxy may unlink it), the serial port on standard output and the debug-exit device for the exit status.
/// </summary>
internal static class QemuCommand
{
    /// <summary>The emulator.</summary>
    public const string Emulator = "qemu-system-x86_64";

    /// <summary>Guest memory when the cluster file gives the isle none.</summary>
    public const long DefaultMemoryBytes = 128L << 20;

    /// <summary>The arguments (without the emulator's name).</summary>
    /// <remarks>
    /// The job's arguments follow " -- " on the kernel command line, split at spaces there. A <paramref name="module"/>
    /// (a Linux executable) goes in as -initrd, which PVH hands the kernel in its module list. The
    /// <paramref name="workingDirectory"/> (the one the proxy resolves the job's relative paths against) goes as
    /// <c>cwd=</c>, with spaces and '%' escaped, so the job's getcwd answers what a hosted rank's does; the ranks'
    /// environment as a fw_cfg file (<see cref="MetalEnvironmentFile"/>).
    /// </remarks>
    public static List<string> Arguments(string image, int isle, int vcpus, long memoryBytes, string segmentPath, long segmentSize, bool kvm, IReadOnlyList<string> jobArgs, string? module = null, string? workingDirectory = null, string? environmentFile = null)
    {
        long memoryMiB = Math.Max(32, memoryBytes >> 20);
        string kernelLine = workingDirectory is null ? $"isle={isle}" : $"isle={isle} cwd={EscapeWorkingDirectory(workingDirectory)}";
        List<string> arguments =
        [
            "-machine", "pc",
            "-accel", kvm ? "kvm" : "tcg",
            "-cpu", kvm ? "host" : "max",
            "-m", $"{memoryMiB}M",
            "-smp", vcpus.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-kernel", image,
            "-append", jobArgs.Count == 0 ? kernelLine : $"{kernelLine} -- {string.Join(' ', jobArgs)}",
            "-display", "none",
            "-no-reboot",
            "-serial", "stdio",
            "-monitor", "none",
            "-nic", "none",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
            "-object", $"memory-backend-file,id=segment,share=on,mem-path={segmentPath},size={segmentSize}",
            "-device", "ivshmem-plain,memdev=segment",
        ];
        if (module is not null)
        {
            arguments.AddRange(["-initrd", module]);
        }

        if (environmentFile is not null)
        {
            arguments.AddRange(["-fw_cfg", $"name={MetalEnvironmentFile.FwCfgName},file={environmentFile}"]);
        }

        return arguments;
    }

    /// <summary>A directory as the kernel reads <c>cwd=</c>: '%', spaces and ASCII control characters as %XX, the rest as it is.</summary>
    public static string EscapeWorkingDirectory(string directory)
    {
        var escaped = new System.Text.StringBuilder(directory.Length);
        foreach (char c in directory)
        {
            if (c is '%' or ' ' or < ' ' or '\x7F')
            {
                escaped.Append(System.Globalization.CultureInfo.InvariantCulture, $"%{(int)c:X2}");
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }

    /// <summary>
    /// The job's status from QEMU's: the guest writes v (0..63) to isa-debug-exit and QEMU exits with
    /// (v &lt;&lt; 1) | 1, below 128; 255 is v = 127, a kernel panic (status 1: the proxy has the panic line from the
    /// ring). 128 + n is QEMU killed by signal n and stays as it is; 0 (the VM reset itself, e.g. a triple fault)
    /// becomes <see cref="ResetStatus"/>. The ledger reports all but a clean 0 as an isle that died.
    /// </summary>
    public static int JobStatus(int qemuStatus) => qemuStatus switch
    {
        0 => ResetStatus,
        255 => 1,
        < 128 when (qemuStatus & 1) == 1 => qemuStatus >> 1,
        _ => qemuStatus,
    };

    /// <summary>The value the kernel writes on a panic.</summary>
    public const int PanicValue = 127;

    /// <summary>Status reported when the VM reset itself (triple fault) instead of exiting.</summary>
    public const int ResetStatus = 125;
}
