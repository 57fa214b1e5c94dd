using System.Runtime.InteropServices;

namespace Hpc.Hosted;

/// <summary>
/// The file system as a hosted isle sees it, in the isle's own mount namespace: every mount read-only, then the
/// writable roots bound writable and the read-only roots bound read-only again, shallowest first. Landlock rules
/// only add up (a read-only root inside a writable one stays writable to Landlock), and Landlock has no right for
/// chmod, chown, utimes or setxattr; a read-only mount refuses all of these with EROFS, whatever the caller's uid.
/// </summary>
internal static unsafe class ReadOnlyView
{
    /// <summary><c>MS_BIND</c>.</summary>
    private const nuint MsBind = 0x1000;
    /// <summary><c>MS_REC</c>.</summary>
    private const nuint MsRecursive = 0x4000;
    /// <summary><c>MS_PRIVATE</c>: mounts made here do not reach the host's namespace.</summary>
    private const nuint MsPrivate = 1 << 18;
    /// <summary><c>AT_FDCWD</c>.</summary>
    private const int AtFdCwd = -100;
    /// <summary><c>AT_RECURSIVE</c>: the mount and every mount beneath it.</summary>
    private const int AtRecursive = 0x8000;
    /// <summary><c>MOUNT_ATTR_RDONLY</c>.</summary>
    private const ulong MountAttrReadOnly = 1;

    /// <summary><c>struct mount_attr</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct MountAttr
    {
        /// <summary>Flags to set.</summary>
        public ulong Set;
        /// <summary>Flags to clear.</summary>
        public ulong Clear;
        /// <summary>Propagation type (0: unchanged).</summary>
        public ulong Propagation;
        /// <summary>User namespace for id-mapped mounts (unused).</summary>
        public ulong UserNamespaceFd;
    }

    /// <summary>
    /// Makes everything read-only, then applies <paramref name="roots"/> from the shallowest path to the deepest
    /// (at the same path read-only wins). Must run in a mount namespace of the isle's own, with CAP_SYS_ADMIN there.
    /// Paths that do not exist are skipped: the proxy has refused them already, or they are optional.
    /// </summary>
    /// <exception cref="ConfinementException">A mount call failed.</exception>
    public static void Apply(IEnumerable<(string Path, bool Writable)> roots)
    {
        if (LibC.Mount(null, "/", null, MsRecursive | MsPrivate, 0) != 0)
        {
            throw ConfinementException.FromLastError("mount(/, MS_REC | MS_PRIVATE)");
        }

        SetReadOnly("/", readOnly: true, recursive: true);
        foreach ((string path, bool writable) in Order(roots))
        {
            if (!Path.Exists(path))
            {
                continue;
            }

            if (LibC.Mount(path, path, null, MsBind | MsRecursive, 0) != 0)
            {
                throw ConfinementException.FromLastError($"mount({path}, MS_BIND)");
            }

            SetReadOnly(path, readOnly: !writable, recursive: true);
        }
    }

    /// <summary>The roots in the order they must be bound: by depth, and read-only after writable at one path.</summary>
    public static List<(string Path, bool Writable)> Order(IEnumerable<(string Path, bool Writable)> roots) =>
        [.. roots
            .Where(r => !string.IsNullOrEmpty(r.Path))
            .Select(r => (Path: Path.TrimEndingDirectorySeparator(Path.GetFullPath(r.Path)), r.Writable))
            .Distinct()
            .OrderBy(r => r.Path.Count(c => c == '/'))
            .ThenBy(r => r.Path.Length)
            .ThenBy(r => r.Writable ? 0 : 1)];

    /// <summary>Sets or clears the read-only flag of the mount at <paramref name="path"/> (and those beneath it).</summary>
    private static void SetReadOnly(string path, bool readOnly, bool recursive)
    {
        var attr = new MountAttr { Set = readOnly ? MountAttrReadOnly : 0, Clear = readOnly ? 0 : MountAttrReadOnly };
        nint native = Marshal.StringToCoTaskMemUTF8(path);
        try
        {
            long result = LibC.Syscall5(LibC.SysMountSetattr, AtFdCwd, native, recursive ? AtRecursive : 0, (nint)(&attr), sizeof(MountAttr));
            if (result != 0)
            {
                throw ConfinementException.FromLastError($"mount_setattr({path}, {(readOnly ? "read-only" : "writable")})");
            }
        }
        finally
        {
            Marshal.FreeCoTaskMem(native);
        }
    }
}
