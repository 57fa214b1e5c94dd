using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Hpc.Protocol;

namespace Hpc.Hosted;

/// <summary>
/// Pins and confines a hosted isle before its .NET runtime has threads, in two phases of one process.
/// Phase 1 (the process as started): the process limit (pids cgroup), the read-only mount view (in the isle's own
/// namespaces), no_new_privs, parent-death signal and parent check, own process group, cpu mask, every capability
/// dropped, Landlock and the system call filter on the calling thread, then <c>execve</c> of itself with a marker
/// in the environment.
/// Phase 2 (after the <c>execve</c>): the new runtime's threads all descend from that thread, so all are pinned and
/// confined; <see cref="ConfineAndReExec"/> sees the marker and returns at once.
/// </summary>
/// <example>
/// <code>
/// ConfinementOutcome outcome = IsleConfinement.ConfineAndReExec(spec); // phase 1 never returns
/// if (outcome == ConfinementOutcome.LandlockUnavailable) { /* report once: files are not confined */ }
/// </code>
/// </example>
internal static class IsleConfinement
{
    /// <summary>The marker variable: <see cref="LandlockedMarker"/> or <see cref="NoLandlockMarker"/>.</summary>
    public const string MarkerVariable = "HPC_ISLE_CONFINED";

    /// <summary>
    /// The pid that was confined. execve keeps the pid, so a marker inherited by another process (a child the job
    /// starts, a nested hermit-run) does not match and that process confines itself again.
    /// </summary>
    public const string MarkerPidVariable = "HPC_ISLE_CONFINED_PID";

    /// <summary>Marker value: confined with Landlock.</summary>
    public const string LandlockedMarker = "1";

    /// <summary>Marker value: pinned, but the kernel has no Landlock.</summary>
    public const string NoLandlockMarker = "nolandlock";

    /// <summary>
    /// System paths the runtime reads. The whole of <c>/proc</c>, not <c>/proc/self</c>: a rule holds an inode, and
    /// procfs may give <c>/proc/PID</c> a new inode after its dentry is evicted. Other processes' <c>/proc</c> files
    /// are kept out by the isle's own pid namespace and its fresh <c>/proc</c> (Landlock alone did not: a job read
    /// the proxy's <c>environ</c> and <c>maps</c>), so without namespaces they are readable.
    /// </summary>
    private static readonly string[] s_runtimeReadOnlyPaths =
    [
        "/usr/lib", "/usr/lib64", "/lib", "/lib64", "/etc/ld.so.cache",
        "/proc", "/sys/devices/system", "/sys/fs/cgroup",
        "/dev/urandom", "/etc/localtime", "/usr/share/zoneinfo",
    ];

    /// <summary>The parent-death signal: SIGKILL, so an isle never outlives the proxy.</summary>
    private const int SigKill = 9;

    /// <summary>True in phase 2: this very process was confined by <see cref="ConfineAndReExec"/>.</summary>
    public static bool IsConfined => Current != ConfinementOutcome.Unconfined;

    /// <summary>How this process is confined, read from the marker (Unconfined if absent or meant for another pid).</summary>
    public static ConfinementOutcome Current
    {
        get
        {
            string? marker = Environment.GetEnvironmentVariable(MarkerVariable);
            string? pid = Environment.GetEnvironmentVariable(MarkerPidVariable);
            if (pid != Environment.ProcessId.ToString(CultureInfo.InvariantCulture))
            {
                return ConfinementOutcome.Unconfined;
            }

            return marker switch
            {
                LandlockedMarker => ConfinementOutcome.Landlocked,
                NoLandlockMarker => ConfinementOutcome.LandlockUnavailable,
                _ => ConfinementOutcome.Unconfined,
            };
        }
    }

    /// <summary>
    /// Phase 1: confines the calling thread to <paramref name="spec"/> and re-executes this program (never returns).
    /// Phase 2 (marker present): returns how the process is confined.
    /// </summary>
    /// <exception cref="ArgumentException">The spec is invalid (checked before anything changes).</exception>
    /// <exception cref="ConfinementException">
    /// A step of phase 1 failed (the message names the call and errno), or the parent is not the expected one. The
    /// process may then be partly confined (pinned, own group): report the message and exit.
    /// </exception>
    public static ConfinementOutcome ConfineAndReExec(IsleConfinementSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ConfinementOutcome current = Current;
        if (current != ConfinementOutcome.Unconfined)
        {
            return current;
        }

        Validate(spec);

        int abi = Landlock.AbiVersion();
        Dictionary<string, string> marker = new(StringComparer.Ordinal)
        {
            [MarkerVariable] = abi > 0 ? LandlockedMarker : NoLandlockMarker,
            [MarkerPidVariable] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture),

            // No diagnostics server: it would need a socket in /tmp, which the isle may not write.
            ["DOTNET_EnableDiagnostics"] = "0",
        };
        List<LandlockRule> rules = Rules(spec);

        // Everything the execve needs is read and marshalled now, while the thread can still read anything.
        using ExecImage image = ExecImage.OfSelf(marker);

        // Join the process limit first: every process the job starts from now on counts against it.
        if (spec.PidsCgroup is string cgroup)
        {
            JoinCgroup(cgroup);
        }
        else if (spec.MaxProcesses > 0)
        {
            SetLimit(ResourceProcesses, (ulong)spec.MaxProcesses);
        }

        if (spec.OwnNamespaces)
        {
            // Writable roots writable, everything else (the runtime's own files and read-only roots inside
            // writable ones included) read-only for every uid, chmod and chown included.
            ReadOnlyView.Apply(ViewRoots(spec));
        }

        // What the quiet phase asks of the kernel without capabilities: locked memory, and SCHED_FIFO at priority 1
        // when the study wants it (hermit-noise). Raising a hard limit is allowed only while privileged.
        SetLimit(ResourceMemoryLock, ulong.MaxValue);
        if (Environment.GetEnvironmentVariable(Quiet.QuietPhase.FifoVariable) == "1")
        {
            SetLimit(ResourceRealtimePriority, 1);
        }

        if (LibC.Prctl(LibC.PrSetNoNewPrivs, 1, 0, 0, 0) != 0)
        {
            throw ConfinementException.FromLastError("prctl(PR_SET_NO_NEW_PRIVS)");
        }

        // Set the death signal first, then check the parent: if it died in between we see the new parent here.
        if (LibC.Prctl(LibC.PrSetPdeathsig, SigKill, 0, 0, 0) != 0)
        {
            throw ConfinementException.FromLastError("prctl(PR_SET_PDEATHSIG, SIGKILL)");
        }

        int parent = LibC.GetParentPid();
        if (spec.OwnNamespaces)
        {
            // In its own pid namespace the isle's parent is that namespace's init, which dies with the proxy.
            if (parent != 1)
            {
                throw new ConfinementException($"The isle should run in a pid namespace of its own, but its parent is pid {parent}.");
            }
        }
        else if (spec.ExpectedParentPid is int expected && parent != expected)
        {
            throw new ConfinementException($"The isle's parent is pid {parent}, not the expected {expected}: the proxy is gone or did not start this isle.");
        }

        // Own process group: the proxy ends the isle and everything it started with kill(-pgid).
        if (LibC.SetProcessGroup(0, 0) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();

            // A session leader cannot move, but then it already leads its own group.
            if (errno != LinuxErrno.EPERM || LibC.GetProcessGroup() != LibC.GetPid())
            {
                throw new ConfinementException("setpgid(0, 0)", errno);
            }
        }

        CpuAffinity.SetProcessMask([.. spec.Cpus]);
        CapabilityDrop.DropAll();
        if (abi > 0)
        {
            Landlock.RestrictSelf(rules);
        }

        SyscallFilter.Install();
        image.Exec();
        throw new UnreachableException("execve returned without an error.");
    }

    /// <summary><c>RLIMIT_NPROC</c>.</summary>
    private const int ResourceProcesses = 6;

    /// <summary><c>RLIMIT_MEMLOCK</c>.</summary>
    private const int ResourceMemoryLock = 8;

    /// <summary><c>RLIMIT_RTPRIO</c>.</summary>
    private const int ResourceRealtimePriority = 14;

    /// <summary>
    /// The mounts of the isle's view: writable roots writable; protected paths and the .NET installation read-only
    /// (at the same depth read-only wins, so a writable working directory that is the runtime's checkout stays
    /// read-only; a writable root deeper inside it is honoured).
    /// </summary>
    public static IEnumerable<(string Path, bool Writable)> ViewRoots(IsleConfinementSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.ReadWritePaths.Select(p => (p, true))
            .Concat(spec.ProtectedPaths.Select(p => (p, false)))
            .Append((DotnetRoot(), false));
    }

    /// <summary>Moves this process into the pids cgroup at <paramref name="directory"/> ("0" names the writer).</summary>
    private static void JoinCgroup(string directory)
    {
        try
        {
            File.WriteAllText(Path.Combine(directory, "cgroup.procs"), "0");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfinementException($"cannot join the job's process limit {directory}: {e.Message}");
        }
    }

    /// <summary>Sets both the soft and the hard value of a resource limit.</summary>
    private static unsafe void SetLimit(int resource, ulong value)
    {
        ulong* limits = stackalloc ulong[2];
        limits[0] = value;
        limits[1] = value;

        // Unprivileged, a hard limit cannot rise: keep what there is.
        _ = LibC.SetResourceLimit(resource, limits);
    }

    /// <summary>Checks the spec before phase 1 changes anything, so a bad spec leaves the process untouched.</summary>
    private static void Validate(IsleConfinementSpec spec)
    {
        if (spec.Cpus is null || spec.Cpus.Count == 0)
        {
            throw new ArgumentException("An isle needs at least one cpu.", nameof(spec));
        }

        if (spec.Cpus.Any(c => c < 0))
        {
            throw new ArgumentOutOfRangeException(nameof(spec), $"Cpu numbers cannot be negative: {string.Join(',', spec.Cpus)}.");
        }

        if (spec.ReadOnlyPaths.Concat(spec.ReadWritePaths).Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("A granted path cannot be empty.", nameof(spec));
        }

        if (spec.ExpectedParentPid is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(spec), spec.ExpectedParentPid, "The expected parent pid must be positive.");
        }
    }

    /// <summary>The rules for <paramref name="spec"/>: what the runtime needs, then the spec's read-only and read-write paths.</summary>
    public static List<LandlockRule> Rules(IsleConfinementSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        List<LandlockRule> rules = [.. RuntimeRules()];
        rules.AddRange(spec.ReadOnlyPaths.Select(p => new LandlockRule(p, LandlockAccess.ReadOnly)));
        rules.AddRange(spec.ReadWritePaths.Select(p => new LandlockRule(p, LandlockAccess.ReadWrite)));
        return rules;
    }

    /// <summary>
    /// What the .NET runtime of the re-executed isle must reach, found by tracing <c>dotnet</c> under Landlock: its
    /// installation and the app (read, execute), the loader and shared libraries, <c>/proc</c> (maps, status, cgroup,
    /// meminfo), cpu topology and cgroup limits in <c>/sys</c>, <c>/dev/urandom</c> (hash seeds) and <c>/dev/null</c>.
    /// Time zone data is added so <c>DateTime.Now</c> is local time. Nothing else of <c>/etc</c>, <c>/dev</c>,
    /// <c>/tmp</c> or <c>/dev/shm</c> is granted.
    /// </summary>
    public static IReadOnlyList<LandlockRule> RuntimeRules()
    {
        List<LandlockRule> rules =
        [
            new(DotnetRoot(), LandlockAccess.ReadOnly),
            new(AppContext.BaseDirectory, LandlockAccess.ReadOnly),
        ];
        foreach (string path in s_runtimeReadOnlyPaths)
        {
            rules.Add(new(path, LandlockAccess.ReadOnly));
        }

        rules.Add(new("/dev/null", LandlockAccess.ReadWrite));
        return rules;
    }

    /// <summary>The .NET installation running this process: <c>root/shared/Microsoft.NETCore.App/version/</c> up three levels.</summary>
    public static string DotnetRoot()
    {
        DirectoryInfo runtime = new(RuntimeEnvironment.GetRuntimeDirectory());
        DirectoryInfo? framework = runtime.Parent;
        DirectoryInfo? shared = framework?.Parent;
        if (shared is { Name: "shared", Parent: DirectoryInfo root })
        {
            return root.FullName;
        }

        // Self-contained or single-file: the runtime lives beside the app.
        return runtime.FullName;
    }
}
