using System.Runtime.InteropServices;

namespace Hpc.Proxy.Files;

/// <summary>
/// The <c>O_*</c> flags a job may send, in their x86_64 (asm-generic) values, and their translation to this host.
/// </summary>
/// <remarks>
/// arm64 numbers O_DIRECTORY and O_NOFOLLOW differently, so wire values are translated rather than passed through.
/// </remarks>
internal static class JobOpenFlags
{
    /// <summary>Mask of the access mode.</summary>
    public const int AccessMode = 0x3;

    /// <summary>Read only.</summary>
    public const int ReadOnly = 0x0;

    /// <summary>Write only.</summary>
    public const int WriteOnly = 0x1;

    /// <summary>Read and write.</summary>
    public const int ReadWrite = 0x2;

    /// <summary>O_CREAT.</summary>
    public const int Create = 0x40;

    /// <summary>O_EXCL.</summary>
    public const int Exclusive = 0x80;

    /// <summary>O_NOCTTY (always forced on the host; accepted as a no-op).</summary>
    public const int NoControllingTerminal = 0x100;

    /// <summary>O_TRUNC.</summary>
    public const int Truncate = 0x200;

    /// <summary>O_APPEND.</summary>
    public const int Append = 0x400;

    /// <summary>O_NONBLOCK (always forced on the host so a FIFO never blocks the proxy; accepted as a no-op).</summary>
    public const int NonBlocking = 0x800;

    /// <summary>O_LARGEFILE (implied on 64-bit; accepted as a no-op).</summary>
    public const int LargeFile = 0x8000;

    /// <summary>O_DIRECTORY.</summary>
    public const int Directory = 0x10000;

    /// <summary>O_NOFOLLOW: the last component must not be a symlink (ELOOP).</summary>
    public const int NoFollow = 0x20000;

    /// <summary>O_CLOEXEC (always forced on the host; accepted as a no-op).</summary>
    public const int CloseOnExec = 0x80000;

    /// <summary>Every flag a job may send; any other bit makes <c>Open</c> fail with EINVAL.</summary>
    public const int Allowed = AccessMode | Create | Exclusive | NoControllingTerminal | Truncate | Append | NonBlocking
        | LargeFile | Directory | NoFollow | CloseOnExec;

    /// <summary>Host O_PATH (same on x86_64 and arm64).</summary>
    public const int HostPath = 0x200000;

    /// <summary>Host O_CLOEXEC (same on x86_64 and arm64).</summary>
    public const int HostCloseOnExec = CloseOnExec;

    /// <summary>Host O_NONBLOCK | O_NOCTTY: forced on every open so the single proxy thread never blocks or gains a tty.</summary>
    public const int HostForced = NonBlocking | NoControllingTerminal;

    /// <summary>True when the host numbers O_DIRECTORY/O_NOFOLLOW the arm64 way.</summary>
    private static readonly bool s_isArm = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm;

    /// <summary>Host O_DIRECTORY.</summary>
    public static int HostDirectory => s_isArm ? 0x4000 : Directory;

    /// <summary>Host O_NOFOLLOW.</summary>
    private static int HostNoFollow => s_isArm ? 0x8000 : NoFollow;

    /// <summary>
    /// Translates validated job flags (<c>(flags &amp; ~Allowed) == 0</c>) to host flags, dropping the no-ops;
    /// the caller adds O_CLOEXEC and <see cref="HostForced"/>.
    /// </summary>
    public static int ToHost(int jobFlags)
    {
        System.Diagnostics.Debug.Assert((jobFlags & ~Allowed) == 0, "flags must be validated first");
        int host = jobFlags & (AccessMode | Create | Exclusive | Truncate | Append);
        if ((jobFlags & Directory) != 0)
        {
            host |= HostDirectory;
        }

        if ((jobFlags & NoFollow) != 0)
        {
            host |= HostNoFollow;
        }

        return host;
    }
}
