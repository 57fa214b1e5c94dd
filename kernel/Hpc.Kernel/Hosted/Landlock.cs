using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Hpc.Protocol;

namespace Hpc.Hosted;

/// <summary>
/// Landlock, the unprivileged Linux sandbox: ABI probing, the rights each ABI handles, and restricting the calling
/// thread (and every thread and process it creates afterwards) to a list of path rules.
/// </summary>
/// <remarks>
/// Layouts and bit values follow <c>include/uapi/linux/landlock.h</c>. ABI history: 1 the base rights, 2 refer,
/// 3 truncate, 4 TCP (not handled here: a job may use the network), 5 ioctl on devices, 6 scopes (abstract UNIX
/// sockets, signals), 7 audit-log flags only. A newer ABI is treated as 7, the newest this code knows.
/// </remarks>
internal static unsafe class Landlock
{
    /// <summary>The newest ABI whose rights this code knows; newer kernels get exactly these rights handled.</summary>
    public const int NewestKnownAbi = 7;

    /// <summary>Rights that make sense on a file, not only on a directory (Landlock rejects the others with EINVAL).</summary>
    public const LandlockFsRights FileRights =
        LandlockFsRights.Execute | LandlockFsRights.WriteFile | LandlockFsRights.ReadFile
        | LandlockFsRights.Truncate | LandlockFsRights.IoctlDev;

    /// <summary>What <see cref="LandlockAccess.ReadOnly"/> grants: read files, list directories, execute.</summary>
    public const LandlockFsRights ReadOnlyRights =
        LandlockFsRights.Execute | LandlockFsRights.ReadFile | LandlockFsRights.ReadDir;

    /// <summary>The rights of ABI 1 (bits 0 to 12).</summary>
    private const LandlockFsRights Abi1Rights = (LandlockFsRights)((1UL << 13) - 1);

    /// <summary><c>landlock_create_ruleset</c> flag: return the ABI version instead of creating a ruleset.</summary>
    private const nint CreateRulesetVersion = 1;

    /// <summary><c>LANDLOCK_RULE_PATH_BENEATH</c>.</summary>
    private const nint RulePathBeneath = 1;

    /// <summary>The running kernel's Landlock ABI version, or 0 when Landlock is missing or disabled at boot.</summary>
    public static int AbiVersion()
    {
        long version = LibC.Syscall3(LibC.SysLandlockCreateRuleset, 0, 0, CreateRulesetVersion);
        if (version >= 0)
        {
            return (int)version;
        }

        int errno = Marshal.GetLastPInvokeError();
        if (errno is LinuxErrno.ENOSYS or LinuxErrno.EOPNOTSUPP)
        {
            return 0;
        }

        throw new ConfinementException("landlock_create_ruleset(LANDLOCK_CREATE_RULESET_VERSION)", errno);
    }

    /// <summary>Every filesystem right ABI <paramref name="abi"/> handles: all of them are denied unless a rule grants them.</summary>
    public static LandlockFsRights HandledRights(int abi)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(abi, 1);
        LandlockFsRights rights = Abi1Rights;
        if (abi >= 2)
        {
            rights |= LandlockFsRights.Refer;
        }

        if (abi >= 3)
        {
            rights |= LandlockFsRights.Truncate;
        }

        if (abi >= 5)
        {
            rights |= LandlockFsRights.IoctlDev;
        }

        return rights;
    }

    /// <summary>The IPC scopes ABI <paramref name="abi"/> enforces (none before ABI 6).</summary>
    public static LandlockScopes Scopes(int abi)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(abi, 1);
        return abi >= 6 ? LandlockScopes.AbstractUnixSocket | LandlockScopes.Signal : LandlockScopes.None;
    }

    /// <summary>The rights a rule of <paramref name="access"/> grants under ABI <paramref name="abi"/> on a directory or a file.</summary>
    public static LandlockFsRights RightsFor(LandlockAccess access, bool isDirectory, int abi)
    {
        LandlockFsRights handled = HandledRights(abi);
        LandlockFsRights rights = access switch
        {
            LandlockAccess.ReadOnly => ReadOnlyRights & handled,
            LandlockAccess.ReadWrite => handled,
            _ => throw new ArgumentOutOfRangeException(nameof(access), access, "Unknown Landlock access."),
        };
        return isDirectory ? rights : rights & FileRights;
    }

    /// <summary>
    /// Sets no_new_privs and restricts the calling thread, and every thread or process it creates from now on, to
    /// <paramref name="rules"/>: every handled right not granted by a rule is denied. Paths that do not exist are skipped.
    /// </summary>
    /// <returns>The ABI version enforced.</returns>
    /// <exception cref="ConfinementException">Landlock is unavailable, or a system call failed.</exception>
    public static int RestrictSelf(IEnumerable<LandlockRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        int abi = AbiVersion();
        if (abi == 0)
        {
            throw new ConfinementException("Landlock is not available in this kernel (landlock_create_ruleset: ENOSYS or EOPNOTSUPP).");
        }

        int knownAbi = Math.Min(abi, NewestKnownAbi);
        int rulesetFd = CreateRuleset(knownAbi);
        try
        {
            foreach (LandlockRule rule in rules)
            {
                AddRule(rulesetFd, rule, knownAbi);
            }

            // Landlock refuses to restrict a thread that could later gain privileges; root is exempt, we are not relying on it.
            if (LibC.Prctl(LibC.PrSetNoNewPrivs, 1, 0, 0, 0) != 0)
            {
                throw ConfinementException.FromLastError("prctl(PR_SET_NO_NEW_PRIVS)");
            }

            if (LibC.Syscall3(LibC.SysLandlockRestrictSelf, rulesetFd, 0, 0) != 0)
            {
                throw ConfinementException.FromLastError("landlock_restrict_self");
            }
        }
        finally
        {
            LibC.Close(rulesetFd);
        }

        return abi;
    }

    /// <summary>Creates a ruleset handling every right and scope of <paramref name="abi"/>, passing the attribute size that ABI knows.</summary>
    private static int CreateRuleset(int abi)
    {
        RulesetAttr attr = new()
        {
            HandledAccessFs = (ulong)HandledRights(abi),
            HandledAccessNet = 0,
            Scoped = (ulong)Scopes(abi),
        };

        // ABI 1-3 know only handled_access_fs, 4-5 add handled_access_net, 6+ add scoped.
        nint size = abi >= 6 ? 24 : abi >= 4 ? 16 : 8;
        Debug.Assert(size <= sizeof(RulesetAttr));
        long fd = LibC.Syscall3(LibC.SysLandlockCreateRuleset, (nint)(&attr), size, 0);
        if (fd < 0)
        {
            throw ConfinementException.FromLastError("landlock_create_ruleset");
        }

        return (int)fd;
    }

    /// <summary>Adds one path-beneath rule, with only file rights when the path is not a directory; skips a missing path.</summary>
    private static void AddRule(int rulesetFd, LandlockRule rule, int abi)
    {
        ArgumentException.ThrowIfNullOrEmpty(rule.Path);
        byte[] path = Encoding.UTF8.GetBytes(rule.Path + "\0");
        int fd;
        bool isDirectory = true;
        fixed (byte* p = path)
        {
            fd = LibC.Open(p, LibC.OPath | LibC.ODirectory | LibC.OCloexec);
            if (fd < 0 && Marshal.GetLastPInvokeError() == LinuxErrno.ENOTDIR)
            {
                isDirectory = false;
                fd = LibC.Open(p, LibC.OPath | LibC.OCloexec);
            }
        }

        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == LinuxErrno.ENOENT)
            {
                return;
            }

            throw new ConfinementException($"open({rule.Path}, O_PATH)", errno);
        }

        try
        {
            PathBeneathAttr attr = new()
            {
                AllowedAccess = (ulong)RightsFor(rule.Access, isDirectory, abi),
                ParentFd = fd,
            };
            if (LibC.Syscall4(LibC.SysLandlockAddRule, rulesetFd, RulePathBeneath, (nint)(&attr), 0) != 0)
            {
                throw ConfinementException.FromLastError($"landlock_add_rule({rule.Path}, {rule.Access})");
            }
        }
        finally
        {
            LibC.Close(fd);
        }
    }

    /// <summary><c>struct landlock_ruleset_attr</c> as of ABI 6 (three u64).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct RulesetAttr
    {
        /// <summary>Filesystem rights denied unless granted by a rule.</summary>
        public ulong HandledAccessFs;

        /// <summary>Network rights denied unless granted by a rule (ABI 4).</summary>
        public ulong HandledAccessNet;

        /// <summary>IPC scopes (ABI 6).</summary>
        public ulong Scoped;
    }

    /// <summary><c>struct landlock_path_beneath_attr</c>: packed, 12 bytes.</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    private struct PathBeneathAttr
    {
        /// <summary>Rights granted beneath the path.</summary>
        public ulong AllowedAccess;

        /// <summary>An O_PATH descriptor of the directory or file.</summary>
        public int ParentFd;
    }
}
