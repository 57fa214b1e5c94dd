using System.Runtime.InteropServices;

namespace Hpc.Proxy.Files;

/// <summary>The kernel's <c>struct open_how</c> for openat2 (include/uapi/linux/openat2.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct OpenHow
{
    /// <summary>RESOLVE_NO_MAGICLINKS: refuse procfs-style magic links such as <c>/proc/self/root</c>.</summary>
    public const ulong ResolveNoMagicLinks = 0x02;

    /// <summary>RESOLVE_NO_SYMLINKS: refuse every symlink on the way.</summary>
    public const ulong ResolveNoSymlinks = 0x04;

    /// <summary>RESOLVE_BENEATH: refuse absolute paths, absolute symlinks and any <c>..</c> that leaves the dirfd (EXDEV).</summary>
    public const ulong ResolveBeneath = 0x08;

    /// <summary>open(2) flags.</summary>
    public ulong Flags;

    /// <summary>Creation mode; must be 0 unless O_CREAT is set.</summary>
    public ulong Mode;

    /// <summary>RESOLVE_* flags.</summary>
    public ulong Resolve;
}
