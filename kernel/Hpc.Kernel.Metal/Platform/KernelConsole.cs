using Hpc.Kernel.Metal.Drivers;
using Hpc.Protocol;

namespace Hpc.Kernel.Metal.Platform;

/// <summary>
/// Where the job's console goes: the isle's proxy ring in the segment once one is attached (the same ring protocol
/// as hosted isles), else the serial port.
/// </summary>
internal static unsafe class KernelConsole
{
    /// <summary>Writes text.</summary>
    public static void Write(string text)
    {
        if (!ProxyChannel.TryWrite(text))
        {
            SerialPort.Write(text);
        }
    }

    /// <summary>Writes bytes as they are to <paramref name="stream"/> (Stdout or Stderr; both share the serial port).</summary>
    public static void Write(ProxyOp stream, byte* bytes, int length)
    {
        if (!ProxyChannel.TryWrite(stream, bytes, length))
        {
            SerialPort.Write(bytes, length);
        }
    }

    /// <summary>
    /// Writes a line of the kernel's own (a notice about the job, such as an unsupported system call) to the
    /// rank's standard error, so the job's standard output stays its own.
    /// </summary>
    public static void WriteNotice(string line)
    {
        string text = string.Concat(line, "\n");
        if (!ProxyChannel.TryWrite(text, ProxyOp.Stderr))
        {
            SerialPort.Write(text);
        }
    }

    /// <summary>Writes text and a newline.</summary>
    public static void WriteLine(string text) => Write(string.Concat(text, "\n"));

    /// <summary>Sends a panic line to the proxy too (the serial port already has it).</summary>
    public static void ReportPanic(string line) => ProxyChannel.ReportPanic(line);
}
