namespace Hpc.Kernel.Metal.Platform;

/// <summary>What the VM's exit code means: QEMU's isa-debug-exit returns <c>(value &lt;&lt; 1) | 1</c>.</summary>
internal static class ExitStatus
{
    /// <summary>Value written for a panic (QEMU exits with 255).</summary>
    public const int Panic = 127;
    /// <summary>
    /// Largest job status passed through unchanged (QEMU exits with 2 * status + 1, which stays below 128 so it is
    /// never mistaken for a signal); larger statuses become this one. The proxy takes the exact status from the ring.
    /// </summary>
    public const int MaxJobStatus = 63;
}

/// <summary>Leaves the VM.</summary>
internal static class Exit
{
    /// <summary>isa-debug-exit's port.</summary>
    private const int DebugExitPort = 0xF4;

    /// <summary>
    /// Ends the job with <paramref name="status"/>: the exact status goes to the proxy on the rank's ring, QEMU's exit
    /// code carries it when it is 0..<see cref="ExitStatus.MaxJobStatus"/> (larger or negative become the maximum).
    /// </summary>
    public static void Job(int status)
    {
        ProxyChannel.Finish(status);
        Qemu(status < 0 || status > ExitStatus.MaxJobStatus ? ExitStatus.MaxJobStatus : status);
    }

    /// <summary>
    /// Ends the VM with <paramref name="value"/> (0..127). Without the device (a real machine booted from the ISO,
    /// or QEMU without it) the write does nothing: every cpu stops and a line on the serial port says so.
    /// </summary>
    public static void Qemu(int value)
    {
        Cpu.OutDword(DebugExitPort, (uint)value);
        Scheduling.Smp.StopOthers();
        // Unlocked: a stopped cpu may have held the port's lock.
        Drivers.SerialPort.WriteUnlocked("hpc: ended with exit value " + Number.Format((ulong)value) + "; no isa-debug-exit device, halting\n");
        Cpu.HaltForever();
    }
}
