using System.ComponentModel;

namespace Hpc.IO;

/// <summary>
/// Turns the Linux errno of a forwarded file call into the exception .NET code expects (the one place where codes
/// become exceptions, so every API reports a denied path the same way).
/// </summary>
internal static class HostErrors
{
    /// <summary>Operation not permitted.</summary>
    public const int EPERM = 1;
    /// <summary>No such file or directory.</summary>
    public const int ENOENT = 2;
    /// <summary>Bad file descriptor.</summary>
    public const int EBADF = 9;
    /// <summary>Permission denied.</summary>
    public const int EACCES = 13;
    /// <summary>File exists.</summary>
    public const int EEXIST = 17;
    /// <summary>Not a directory.</summary>
    public const int ENOTDIR = 20;
    /// <summary>Is a directory.</summary>
    public const int EISDIR = 21;
    /// <summary>Invalid argument.</summary>
    public const int EINVAL = 22;
    /// <summary>Read-only file system.</summary>
    public const int EROFS = 30;
    /// <summary>Directory not empty.</summary>
    public const int ENOTEMPTY = 39;

    /// <summary>Throws for a negative result; returns it otherwise.</summary>
    public static long Check(long result, string? path)
    {
        return result >= 0 ? result : throw Create((int)-result, path);
    }

    /// <summary>The exception for <paramref name="errno"/> on <paramref name="path"/>.</summary>
    public static Exception Create(int errno, string? path)
    {
        string what = path is null ? "" : $" '{path}'";
        string reason = new Win32Exception(errno).Message;
        return errno switch
        {
            EACCES or EPERM or EROFS => new UnauthorizedAccessException(
                $"Access to the path{what} is denied ({reason}): it is outside the job's allowed roots or read-only there."),
            ENOENT => new FileNotFoundException($"Could not find{what}: {reason}.", path),
            ENOTDIR => new DirectoryNotFoundException($"A part of the path{what} is not a directory."),
            EBADF => new ObjectDisposedException(path, "The host file is closed."),
            EINVAL => new ArgumentException($"Invalid host file request{what}: {reason}."),
            _ => new IOException($"Host file call{what} failed: {reason}.", errno),
        };
    }
}
