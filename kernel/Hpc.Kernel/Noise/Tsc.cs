using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Hpc.Noise;

/// <summary>
/// The cpu's time-stamp counter, read with one <c>rdtsc</c> instruction (no system call, no vDSO). .NET has no
/// intrinsic for it, so a ten-byte stub is placed in an executable page once and called through an unmanaged
/// function pointer without a GC transition. Off x86 the counter falls back to <see cref="Stopwatch"/>.
/// </summary>
public static unsafe partial class Tsc
{
    /// <summary>rdtsc; shl rdx, 32; or rax, rdx; ret.</summary>
    private static ReadOnlySpan<byte> Stub => [0x0F, 0x31, 0x48, 0xC1, 0xE2, 0x20, 0x48, 0x09, 0xD0, 0xC3];

    /// <summary>The stub, or null when the counter falls back to the stopwatch.</summary>
    private static readonly delegate* unmanaged[SuppressGCTransition]<ulong> s_rdtsc = CreateStub();

    /// <summary>True when <see cref="Read"/> reads the hardware counter (x86 with an invariant TSC).</summary>
    public static bool IsHardware => s_rdtsc != null;

    /// <summary>The counter now, in ticks of the TSC (or of the stopwatch off x86).</summary>
    public static long Read() => s_rdtsc != null ? (long)s_rdtsc() : Stopwatch.GetTimestamp();

    /// <summary>Builds the stub in its own page; null when not on x86-64 or the page cannot be made executable.</summary>
    private static delegate* unmanaged[SuppressGCTransition]<ulong> CreateStub()
    {
        if (!X86Base.X64.IsSupported || !OperatingSystem.IsLinux() || !InvariantTsc())
        {
            return null;
        }

        const int pageSize = 4096, protRead = 1, protWrite = 2, protExec = 4, mapPrivate = 2, mapAnonymous = 0x20;
        nint page = Mmap(0, pageSize, protRead | protWrite, mapPrivate | mapAnonymous, -1, 0);
        if (page == -1)
        {
            return null;
        }

        Stub.CopyTo(new Span<byte>((void*)page, pageSize));
        // Write, then execute: the page is never writable and executable at once.
        return Mprotect(page, pageSize, protRead | protExec) == 0 ? (delegate* unmanaged[SuppressGCTransition]<ulong>)page : null;
    }

    /// <summary>True when /proc/cpuinfo says the TSC ticks at a constant rate through frequency and idle changes.</summary>
    private static bool InvariantTsc()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/cpuinfo"))
            {
                if (line.StartsWith("flags", StringComparison.Ordinal))
                {
                    return line.Contains(" constant_tsc", StringComparison.Ordinal) && line.Contains(" nonstop_tsc", StringComparison.Ordinal);
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return false;
    }

    /// <summary>mmap(2).</summary>
    [LibraryImport("libc", EntryPoint = "mmap")]
    private static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    /// <summary>mprotect(2).</summary>
    [LibraryImport("libc", EntryPoint = "mprotect")]
    private static partial int Mprotect(nint address, nuint length, int protection);
}
