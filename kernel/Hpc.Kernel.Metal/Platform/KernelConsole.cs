using Hpc.Kernel.Metal.Drivers;

namespace Hpc.Kernel.Metal.Platform;

/// <summary>
/// Where the job's console goes: the isle's proxy ring in the segment once one is attached (the same ring protocol
/// as hosted isles), else the serial port.
/// </summary>
internal static class KernelConsole
{
    /// <summary>Writes text.</summary>
    public static void Write(string text)
    {
        if (!ProxyChannel.TryWrite(text))
        {
            SerialPort.Write(text);
        }
    }

    /// <summary>Writes text and a newline.</summary>
    public static void WriteLine(string text) => Write(string.Concat(text, "\n"));

    /// <summary>Sends a panic line to the proxy too (the serial port already has it).</summary>
    public static void ReportPanic(string line) => ProxyChannel.ReportPanic(line);
}
