using Hpc.Kernel.Metal.Boot;
using Hpc.Kernel.Metal.Memory;

namespace Hpc.Kernel.Metal.Linux.Files;

/// <summary>
/// The program's working directory: the proxy's (hermit-run's), given on the kernel command line as <c>cwd=</c>
/// with spaces and '%' written as %20 and %25 (the command line is split at spaces), so getcwd answers what a hosted
/// rank's would, and relative paths, which go to the proxy as they are, mean the same there. "/" without one.
/// </summary>
internal static unsafe class WorkingDirectory
{
    /// <summary>The directory's bytes (no NUL).</summary>
    private static byte* s_path;
    /// <summary>Bytes of <see cref="s_path"/>.</summary>
    private static int s_length;

    /// <summary>The directory's bytes.</summary>
    public static byte* Path => s_path;

    /// <summary>Bytes of the directory.</summary>
    public static int Length => s_length;

    /// <summary>Reads <c>cwd=</c> from the command line.</summary>
    public static void Setup()
    {
        s_path = PhysicalMemory.Claim(ProxyCall.MaxPath);
        string? text = BootInfo.Argument("cwd");
        if (text is null || text.Length == 0 || text[0] != '/')
        {
            s_path[0] = (byte)'/';
            s_length = 1;
            return;
        }

        int length = 0;
        for (int i = 0; i < text.Length && length < ProxyCall.MaxPath - 1; i++)
        {
            int high = i + 2 < text.Length && text[i] == '%' ? HexDigit(text[i + 1]) : -1;
            int low = high >= 0 ? HexDigit(text[i + 2]) : -1;
            if (low >= 0)
            {
                s_path[length++] = (byte)(high * 16 + low);
                i += 2;
            }
            else
            {
                // The command line's bytes arrive one a char: UTF-8 names pass through unchanged.
                s_path[length++] = (byte)text[i];
            }
        }

        s_length = length;
    }

    /// <summary>The value of a hexadecimal digit, or -1.</summary>
    private static int HexDigit(char c) => c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}
