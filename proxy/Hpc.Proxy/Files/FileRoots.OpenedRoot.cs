namespace Hpc.Proxy.Files;

/// <content>The opened form of one root.</content>
internal sealed partial class FileRoots
{
    /// <summary>A root that was opened: its descriptor, the kernel's name for it and what writes inside it must avoid.</summary>
    internal sealed class OpenedRoot
    {
        /// <summary>Creates the record of an opened root.</summary>
        public OpenedRoot(FileRoot root, int fd, string realPath)
        {
            Root = root;
            Fd = fd;
            RealPath = realPath;
        }

        /// <summary>The root as configured (normalized).</summary>
        public FileRoot Root { get; }

        /// <summary>The O_PATH|O_DIRECTORY descriptor every resolution starts from; -1 once disposed.</summary>
        public int Fd { get; set; }

        /// <summary>Where the kernel says the root is (symlinks in the configured path resolved).</summary>
        public string RealPath { get; }

        /// <summary>
        /// Paths, relative to this root, of read-only roots nested inside it (empty unless this root is writable and
        /// holds one): writes there are refused, and writes anywhere in this root walk no symlinks, so a link
        /// cannot carry a write into the read-only part.
        /// </summary>
        public IReadOnlyList<string> WriteExclusions { get; set; } = [];

        /// <summary>True when a write at <paramref name="relative"/> would touch, contain or lie in a read-only nested root.</summary>
        public bool IsWriteExcluded(string relative)
        {
            foreach (string excluded in WriteExclusions)
            {
                if (JobPath.Overlaps(relative, excluded))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
