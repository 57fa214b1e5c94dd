using System.Diagnostics;
using Hpc.Protocol;

namespace Hpc.Proxy.Files;

/// <summary>
/// Opens job paths with openat2 beneath their root descriptor, so the kernel refuses <c>..</c>, absolute and
/// symlink escapes (EXDEV, reported as EACCES) and magic links (ELOOP) atomically, with no window for a race.
/// </summary>
internal static class Beneath
{
    /// <summary>How often openat2 is retried when it returns EAGAIN (a concurrent rename during a <c>..</c> walk).</summary>
    private const int AgainRetries = 4;

    /// <summary>Opens the full path with host <paramref name="hostFlags"/> (O_CLOEXEC is added): a descriptor or -errno.</summary>
    /// <param name="path">The rooted path.</param>
    /// <param name="hostFlags">Host open flags, e.g. O_PATH, or translated job flags.</param>
    /// <param name="mode">Creation mode; must be 0 unless O_CREAT is in the flags (openat2 insists).</param>
    /// <param name="forWrite">The open may change the file system (write access, create, truncate).</param>
    public static int Open(in RootedPath path, int hostFlags, uint mode, bool forWrite) =>
        OpenAt(path.Root, path.Relative, path.KernelPath, hostFlags, mode, forWrite);

    /// <summary>Opens the directory holding the last component, O_PATH|O_DIRECTORY: a descriptor or -errno.</summary>
    public static int OpenParent(in RootedPath path, bool forWrite)
    {
        Debug.Assert(!path.IsRoot, "the root has no parent inside the root");
        return OpenAt(path.Root, path.Relative, path.ParentPath, JobOpenFlags.HostPath | JobOpenFlags.HostDirectory, 0, forWrite);
    }

    /// <summary>The one openat2 call site.</summary>
    private static int OpenAt(FileRoots.OpenedRoot root, string relative, string kernelPath, int hostFlags, uint mode, bool forWrite)
    {
        ulong resolve = OpenHow.ResolveBeneath | OpenHow.ResolveNoMagicLinks;

        // Writes in a root that holds a read-only root walk no symlinks, so the lexical check below is the whole truth.
        bool guarded = forWrite && root.WriteExclusions.Count > 0;
        if (guarded)
        {
            if (root.IsWriteExcluded(relative))
            {
                return -LinuxErrno.EACCES;
            }

            resolve |= OpenHow.ResolveNoSymlinks;
        }

        int fd;
        int attempts = 0;
        do
        {
            fd = LibC.Openat2(root.Fd, kernelPath, (ulong)(hostFlags | JobOpenFlags.HostCloseOnExec), mode, resolve);
        }
        while (fd == -LinuxErrno.EAGAIN && ++attempts < AgainRetries);

        return fd == -LinuxErrno.EXDEV || (guarded && fd == -LinuxErrno.ELOOP) ? -LinuxErrno.EACCES : fd;
    }
}
