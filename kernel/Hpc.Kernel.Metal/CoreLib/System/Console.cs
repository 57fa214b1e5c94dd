namespace System;

/// <summary>The job's console: lines go to the proxy ring when the segment is mapped, else to the serial port.</summary>
public static class Console
{
    /// <summary>Writes a string.</summary>
    public static void Write(string? value) => Hpc.Kernel.Metal.Platform.KernelConsole.Write(value ?? "");

    /// <summary>Writes a string and a newline.</summary>
    public static void WriteLine(string? value) => Hpc.Kernel.Metal.Platform.KernelConsole.WriteLine(value ?? "");

    /// <summary>Writes a newline.</summary>
    public static void WriteLine() => Hpc.Kernel.Metal.Platform.KernelConsole.WriteLine("");
}
