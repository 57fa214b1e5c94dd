namespace Hpc.Protocol;

/// <summary>
/// Linux errno values (identical on x86_64 and arm64): the negated result of a forwarded file call on the wire, as
/// the proxy's confined file system returns it and the rank turns it into an exception; also the errnos the hosted
/// isle's confinement code tells apart.
/// </summary>
internal static class LinuxErrno
{
    /// <summary>Operation not permitted.</summary>
    public const int EPERM = 1;

    /// <summary>No such file or directory.</summary>
    public const int ENOENT = 2;

    /// <summary>No such process (or thread: tgkill to one that has exited).</summary>
    public const int ESRCH = 3;

    /// <summary>Interrupted system call (retried internally, never returned).</summary>
    public const int EINTR = 4;

    /// <summary>I/O error (also: the kernel returned a malformed directory record).</summary>
    public const int EIO = 5;

    /// <summary>Argument list too long: used for a directory with more entries than the listing cap.</summary>
    public const int E2BIG = 7;

    /// <summary>Bad file descriptor: unknown, closed, negative or another owner's handle.</summary>
    public const int EBADF = 9;

    /// <summary>Try again (openat2 returns it when a rename races a <c>..</c> walk; retried a few times).</summary>
    public const int EAGAIN = 11;

    /// <summary>Out of memory.</summary>
    public const int ENOMEM = 12;

    /// <summary>Bad address.</summary>
    public const int EFAULT = 14;

    /// <summary>No such device.</summary>
    public const int ENODEV = 19;

    /// <summary>Not a terminal.</summary>
    public const int ENOTTY = 25;

    /// <summary>Permission denied: outside every root, or a write in a read-only root.</summary>
    public const int EACCES = 13;

    /// <summary>Device or resource busy: removing or renaming a root itself.</summary>
    public const int EBUSY = 16;

    /// <summary>File exists.</summary>
    public const int EEXIST = 17;

    /// <summary>Cross-device link; openat2 also returns it for an escape attempt, which is reported as EACCES.</summary>
    public const int EXDEV = 18;

    /// <summary>Not a directory.</summary>
    public const int ENOTDIR = 20;

    /// <summary>Is a directory.</summary>
    public const int EISDIR = 21;

    /// <summary>Invalid argument: bad flags, empty path, embedded NUL, invalid UTF-16, <c>.</c>/<c>..</c> as a name to change.</summary>
    public const int EINVAL = 22;

    /// <summary>Too many open handles in the whole job.</summary>
    public const int ENFILE = 23;

    /// <summary>Too many open handles for one owner.</summary>
    public const int EMFILE = 24;

    /// <summary>Timed out (a futex wait whose deadline passed).</summary>
    public const int ETIMEDOUT = 110;

    /// <summary>Illegal seek: lseek or pread on a pipe or console.</summary>
    public const int ESPIPE = 29;

    /// <summary>Broken pipe: a write to a pipe nobody reads.</summary>
    public const int EPIPE = 32;

    /// <summary>Result too large: a buffer too small for the answer (getcwd).</summary>
    public const int ERANGE = 34;

    /// <summary>Path too long.</summary>
    public const int ENAMETOOLONG = 36;

    /// <summary>Directory not empty.</summary>
    public const int ENOTEMPTY = 39;

    /// <summary>Too many symbolic links, or a magic link refused by RESOLVE_NO_MAGICLINKS.</summary>
    public const int ELOOP = 40;

    /// <summary>Read-only file system.</summary>
    public const int EROFS = 30;

    /// <summary>Function not implemented: an op the proxy does not know, or a system call the kernel lacks.</summary>
    public const int ENOSYS = 38;

    /// <summary>Operation not supported (Landlock built in but disabled at boot).</summary>
    public const int EOPNOTSUPP = 95;
}
