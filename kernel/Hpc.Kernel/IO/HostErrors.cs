using System.ComponentModel;
using Hpc.Protocol;

namespace Hpc.IO;

/// <summary>
/// Turns the Linux errno of a forwarded file call into the exception .NET code expects (the one place where codes
/// become exceptions, so every API reports a denied path the same way).
/// </summary>
internal static class HostErrors
{
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
            LinuxErrno.EACCES or LinuxErrno.EPERM or LinuxErrno.EROFS => new UnauthorizedAccessException(
                $"Access to the path{what} is denied ({reason}): it is outside the job's allowed roots or read-only there "
                + "(give the job its folder with --allow DIR, or --allow DIR:rw to write; or allow = [\"DIR\"] in cluster.toml's [job])."),
            LinuxErrno.ENOENT => new FileNotFoundException($"Could not find{what}: {reason}.", path),
            LinuxErrno.ENOTDIR => new DirectoryNotFoundException($"A part of the path{what} is not a directory."),
            LinuxErrno.EBADF => new ObjectDisposedException(path, "The host file is closed."),
            LinuxErrno.EINVAL => new ArgumentException($"Invalid host file request{what}: {reason}."),
            _ => new IOException($"Host file call{what} failed: {reason}.", errno),
        };
    }
}
