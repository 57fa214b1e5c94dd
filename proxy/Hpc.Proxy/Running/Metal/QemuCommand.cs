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
    public static List<string> Arguments(string image, int isle, int vcpus, long memoryBytes, string segmentPath, long segmentSize, bool kvm)
    {
        long memoryMiB = Math.Max(32, memoryBytes >> 20);
        return
        [
            "-machine", "pc",
            "-accel", kvm ? "kvm" : "tcg",
            "-cpu", kvm ? "host" : "max",
            "-m", $"{memoryMiB}M",
            "-smp", vcpus.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-kernel", image,
            "-append", $"isle={isle}",
            "-display", "none",
            "-no-reboot",
            "-serial", "stdio",
            "-monitor", "none",
            "-nic", "none",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
            "-object", $"memory-backend-file,id=segment,share=on,mem-path={segmentPath},size={segmentSize}",
            "-device", "ivshmem-plain,memdev=segment",
        ];
    }

    /// <summary>
    /// The job's status from QEMU's: the guest writes v to isa-debug-exit and QEMU exits with (v &lt;&lt; 1) | 1; v = 127
    /// is a kernel panic (status 1; the proxy already has the panic line). Anything else (a reset after a triple
    /// fault exits 0, a signal 128 + n) stays as it is, so the ledger reports it as an isle that died.
    /// </summary>
    public static int JobStatus(int qemuStatus)
    {
        if (qemuStatus is > 0 and < 256 && (qemuStatus & 1) == 1)
        {
            int value = qemuStatus >> 1;
            return value == PanicValue ? 1 : value;
        }

        return qemuStatus == 0 ? ResetStatus : qemuStatus;
    }

    /// <summary>The value the kernel writes on a panic.</summary>
    public const int PanicValue = 127;

    /// <summary>Status reported when the VM reset itself (triple fault) instead of exiting.</summary>
    public const int ResetStatus = 125;
}
