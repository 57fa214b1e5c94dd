using System.Runtime.InteropServices;
using Hpc.Protocol;

namespace Hpc.Hosted;

/// <summary>A system call of the isle's pinning and confinement failed; the message names the call and its errno.</summary>
internal sealed class ConfinementException : Exception
{
    /// <summary>Creates the exception for a failed system call.</summary>
    /// <param name="call">The call as it should read in the message, e.g. <c>landlock_add_rule(/usr)</c>.</param>
    /// <param name="errno">The errno the call left.</param>
    public ConfinementException(string call, int errno)
        : base($"{call} failed: {Describe(errno)}")
    {
        Call = call;
        Errno = errno;
    }

    /// <summary>Creates the exception for a check that failed without a system call error.</summary>
    public ConfinementException(string message)
        : base(message)
    {
        Call = string.Empty;
    }

    /// <summary>The failed call (empty when the failure was a check, not a call).</summary>
    public string Call { get; }

    /// <summary>The errno the call left (0 when the failure was a check).</summary>
    public int Errno { get; }

    /// <summary>Creates the exception from the errno of the last P/Invoke.</summary>
    public static ConfinementException FromLastError(string call) => new(call, Marshal.GetLastPInvokeError());

    /// <summary>Formats an errno as <c>EACCES (13): Permission denied</c>.</summary>
    private static string Describe(int errno)
    {
        return $"{Name(errno)} ({errno}): {Marshal.GetPInvokeErrorMessage(errno)}";
    }

    /// <summary>The symbol of the errnos the confinement code tells apart, else "errno".</summary>
    private static string Name(int errno) => errno switch
    {
        LinuxErrno.EPERM => nameof(LinuxErrno.EPERM),
        LinuxErrno.ENOENT => nameof(LinuxErrno.ENOENT),
        LinuxErrno.EACCES => nameof(LinuxErrno.EACCES),
        LinuxErrno.ENOTDIR => nameof(LinuxErrno.ENOTDIR),
        LinuxErrno.EINVAL => nameof(LinuxErrno.EINVAL),
        LinuxErrno.ENOSYS => nameof(LinuxErrno.ENOSYS),
        LinuxErrno.EOPNOTSUPP => nameof(LinuxErrno.EOPNOTSUPP),
        _ => "errno",
    };
}
