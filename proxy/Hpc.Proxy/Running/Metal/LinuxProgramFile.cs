namespace Hpc.Proxy.Running.Metal;

/// <summary>
/// A metal JOB that is a Linux executable rather than a C# project: the kernel boots it as its module (QEMU
/// -initrd) and runs it through its Linux personality (kernel/Hpc.Kernel.Metal/Linux; a static PIE for now).
/// </summary>
internal static class LinuxProgramFile
{
    /// <summary>True when <paramref name="path"/> is a file that starts with the ELF magic.</summary>
    public static bool IsElf(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        Span<byte> magic = stackalloc byte[4];
        using FileStream file = File.OpenRead(path);
        return file.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && magic[0] == 0x7F && magic[1] == (byte)'E' && magic[2] == (byte)'L' && magic[3] == (byte)'F';
    }
}
