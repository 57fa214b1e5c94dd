using System.Diagnostics;
using Hpc.Protocol;

namespace Hpc.Proxy.Files;

/// <summary>
/// Checks a path string sent by a job and normalizes it lexically (<c>.</c>, <c>..</c>, repeated slashes) to an
/// absolute path, so the root that holds it can be chosen. The kernel still does the real resolution beneath that root.
/// </summary>
/// <remarks>
/// <c>..</c> is removed lexically, as Go's <c>filepath.Clean</c> does: <c>link/..</c> means the directory holding
/// <c>link</c>, not the parent of its target. That only differs from POSIX when a symlink precedes <c>..</c>, and it
/// can never leave a root: the result is matched against the roots before the kernel sees it.
/// </remarks>
internal static class JobPath
{
    /// <summary>Longest path in UTF-8 bytes (PATH_MAX 4096 counts the terminating NUL).</summary>
    public const int MaxBytes = 4095;

    /// <summary>0 if <paramref name="path"/> is a usable path string, else -EINVAL (null, empty, NUL, lone surrogate) or -ENAMETOOLONG.</summary>
    public static int Validate(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return -LinuxErrno.EINVAL;
        }

        // Every char is at least one UTF-8 byte, so this bounds the work done on hostile input.
        if (path.Length > MaxBytes)
        {
            return -LinuxErrno.ENAMETOOLONG;
        }

        int bytes = 0;
        for (int i = 0; i < path.Length; i++)
        {
            char c = path[i];
            if (c == '\0')
            {
                return -LinuxErrno.EINVAL;
            }

            if (c < 0x80)
            {
                bytes += 1;
            }
            else if (c < 0x800)
            {
                bytes += 2;
            }
            else if (char.IsHighSurrogate(c) && i + 1 < path.Length && char.IsLowSurrogate(path[i + 1]))
            {
                bytes += 4;
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                // A lone surrogate has no UTF-8 form; the marshaller would turn it into '?', a different name.
                return -LinuxErrno.EINVAL;
            }
            else
            {
                bytes += 3;
            }
        }

        return bytes > MaxBytes ? -LinuxErrno.ENAMETOOLONG : 0;
    }

    /// <summary>
    /// Normalizes a validated path to an absolute one without <c>.</c>, <c>..</c>, empty components or trailing slash.
    /// </summary>
    /// <param name="path">A path that passed <see cref="Validate"/>, absolute or relative.</param>
    /// <param name="baseDirectory">Absolute normalized directory that relative paths start from.</param>
    /// <param name="mustBeDirectory">True when the path ends in <c>/</c>, <c>/.</c> or <c>/..</c>: it names a directory.</param>
    /// <param name="endsInDot">True when the last component is <c>.</c> or <c>..</c> (not a name that can be created or removed).</param>
    public static string Normalize(string path, string baseDirectory, out bool mustBeDirectory, out bool endsInDot)
    {
        Debug.Assert(path.Length > 0, "validated path");
        Debug.Assert(baseDirectory.StartsWith('/'), "absolute base");
        var parts = new List<string>();
        if (path[0] != '/')
        {
            Append(parts, baseDirectory);
        }

        Append(parts, path);

        string last = path[(path.LastIndexOf('/') + 1)..];
        endsInDot = last is "." or "..";
        mustBeDirectory = endsInDot || last.Length == 0;
        return "/" + string.Join('/', parts);
    }

    /// <summary>
    /// Gives the part of <paramref name="full"/> below <paramref name="root"/> ("" for the root itself), both normalized.
    /// </summary>
    public static bool TryRelative(string full, string root, out string relative)
    {
        if (root == "/")
        {
            relative = full[1..];
            return true;
        }

        if (full.StartsWith(root, StringComparison.Ordinal))
        {
            if (full.Length == root.Length)
            {
                relative = "";
                return true;
            }

            if (full[root.Length] == '/')
            {
                relative = full[(root.Length + 1)..];
                return true;
            }
        }

        relative = "";
        return false;
    }

    /// <summary>True when one of two relative paths (normalized, "" meaning the top) equals or contains the other.</summary>
    public static bool Overlaps(string a, string b) =>
        a.Length == 0 || b.Length == 0 || TryRelative("/" + a, "/" + b, out _) || TryRelative("/" + b, "/" + a, out _);

    /// <summary>Appends the components of <paramref name="path"/>, applying <c>.</c> and <c>..</c>.</summary>
    private static void Append(List<string> parts, string path)
    {
        foreach (string part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                // ".." at "/" stays at "/", as the kernel does.
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }

                continue;
            }

            parts.Add(part);
        }
    }
}
