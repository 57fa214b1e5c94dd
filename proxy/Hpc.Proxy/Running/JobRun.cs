using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Hpc.Hosted;
using Hpc.Proxy.Files;
using Hpc.Proxy.Cluster;
using Hpc.Proxy.Deadlock;
using Hpc.Proxy.Placement;
using Hpc.Proxy.Running.Metal;
using Hpc.Proxy.Serving;
using Hpc.Segment;

namespace Hpc.Proxy.Running;

/// <summary>
/// One run of a job on this node: creates the segment, starts the isles, serves them until the job is over, then
/// makes sure nothing is left — every isle process gone, the segment file removed — whatever ended the job.
/// </summary>
internal sealed unsafe class JobRun
{
    /// <summary>Exit status when --timeout expires (as timeout(1)).</summary>
    public const int TimeoutStatus = 124;
    /// <summary>Exit status after SIGTERM.</summary>
    public const int TerminatedStatus = 143;
    /// <summary>How long killed isles get to disappear before hermit-run stops waiting.</summary>
    private static readonly TimeSpan s_killGrace = TimeSpan.FromSeconds(1);
    /// <summary>How long a failed job's last output and message may take to be written before hermit-run exits anyway.</summary>
    private static readonly TimeSpan s_outputGrace = TimeSpan.FromSeconds(1);

    /// <summary>What to run.</summary>
    private readonly JobRequest _request;
    /// <summary>Where output goes.</summary>
    private readonly ConsoleSink _console;

    /// <summary>Makes the loop's part in the traffic to other nodes once the segment exists; null in a job of one node.</summary>
    private readonly Func<SegmentView, JobLedger, IProxyPump>? _pumpFactory;

    /// <summary>Prepares a run; <paramref name="pumpFactory"/> adds the traffic between nodes.</summary>
    public JobRun(JobRequest request, ConsoleSink console, Func<SegmentView, JobLedger, IProxyPump>? pumpFactory = null)
    {
        _request = request;
        _console = console;
        _pumpFactory = pumpFactory;
    }

    /// <summary>Runs the job to its end and returns hermit-run's exit status.</summary>
    public int Execute()
    {
        JobPlan plan = _request.Plan;
        var layout = new SegmentLayout(plan.Isles.Count, plan.Ranks.Count, SegmentLayout.DefaultRingCapacity, SegmentLayout.DefaultReplyCapacity, SegmentLayout.ChannelCapacityFor(plan.Ranks.Count, plan.NodeCount > 1), _request.WindowMemory);
        string segmentPath = SegmentPath(_request.JobPath);
        // A metal isle sees the segment as a PCI BAR, whose size is a power of two; the layout fits in the front.
        long segmentSize = plan.Isles.Any(i => i.Target != IsleTarget.Process) ? (long)BitOperations.RoundUpToPowerOf2((ulong)layout.TotalSize) : layout.TotalSize;
        using SharedMapping mapping = SharedMapping.Create(segmentPath, segmentSize);
        using SegmentReaper? reaper = _request.NodeName is null ? null : new SegmentReaper(segmentPath, Multinode.NodeLost.Line(_request.Plan.LocalNode, Environment.ProcessId));
        bool segmentRemoved = false;
        var isles = new List<IRunningIsle>();
        var limits = new List<PidsLimit>();
        IProxyPump? pump = null;
        StdinForwarder? stdin = null;
        try
        {
            int[] rankIsles = plan.Ranks.Select(r => r.Isle).ToArray();
            int[] rankCpus = plan.Ranks.Select(r => r.Cpu).ToArray();
            int[] rankCores = plan.Ranks.Select(r => r.CoreCount).ToArray();
            int[] rankNodes = plan.Ranks.Select(r => r.Node).ToArray();
            SegmentView segment = SegmentView.Format(mapping.Pointer, layout, rankIsles, rankCpus, rankNodes, plan.NodeCount, plan.LocalNode, rankCores);
            using var roots = new FileRoots(_request.Roots.Select(r => (r.Path, r.Writable)), Environment.CurrentDirectory);
            using var files = new ConfinedFileSystem(roots);
            var ledger = new JobLedger(plan);
            // Rank 0 reads hermit-run's standard input (on several nodes: the first node's, which hydra forwards).
            stdin = plan.Ranks.Count > 0 && plan.Ranks[0].IsLocal ? new StdinForwarder(StdinForwarder.OpenProcessInput, () => Doorbell.Ring(segment.Doorbell(0))) : null;
            var loop = new ProxyLoop(segment, _console, new FileRequestHandler(files), ledger, plan.LocalRanks, pump = _pumpFactory?.Invoke(segment, ledger), stdin);

            // Before the first isle starts: a signal while isles start (Slurm's scancel, a Ctrl-C) must still end the
            // job through the loop, which removes the segment and the isles, not kill hermit-run outright.
            using var ending = new CancellationTokenSource();
            using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal(loop, ledger, 130, "interrupted (Ctrl-C)", ending));
            using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal(loop, ledger, TerminatedStatus, SlurmJob.TerminatedText(), ending));

            if (plan.Isles.Any(i => i.Target == IsleTarget.Process) && IsleNamespaces.Notice is string notice)
            {
                _console.Report($"hermit-run: {notice}");
            }

            if (plan.Isles.Any(i => i.Target == IsleTarget.Process) && !_request.AotRanks && AsksForPerfMap())
            {
                _console.Report("hermit-run: DOTNET_PerfMapEnabled is off in hosted isles (the runtime keeps its map open for writing, and an isle cannot make its read-only view over an open file); to profile ranks with perf, run them with --aot (native symbols)");
            }

            using MetalEnvironmentFile? metalEnvironment = plan.Isles.Any(i => i.Target != IsleTarget.Process) ? MetalEnvironmentFile.Create(MetalRankEnvironment()) : null;
            foreach (IslePlan isle in plan.Isles)
            {
                // Serve what the isle left in its rings before judging how it ended.
                Action<IRunningIsle> onExit = exited => loop.WhenDrained(exited.Isle, () => ledger.IsleGone(exited.Isle, exited.ProcessId, exited.ExitStatus));
                Action<string, bool> output = IsleOutput(loop, isle.Index);
                if (isle.Target == IsleTarget.Process)
                {
                    PidsLimit? limit = PidsLimit.Create(isle.Index);
                    if (limit is not null)
                    {
                        limits.Add(limit);
                    }

                    isles.Add(IsleProcess.Start(LaunchSpec(segmentPath, isle, limit), IsleEnvironment(isle), output, onExit));
                }
                else
                {
                    List<string> arguments = QemuCommand.Arguments(_request.MetalImage!, isle.Index, isle.Cpus.Count, isle.MemoryBytes ?? QemuCommand.DefaultMemoryBytes, segmentPath, segmentSize, isle.Target == IsleTarget.Kvm, _request.JobArgs, _request.MetalModule, roots.WorkingDirectory, metalEnvironment?.Path);
                    int index = isle.Index;
                    isles.Add(QemuIsle.Start(index, arguments, line => output(line, true), exited =>
                    {
                        // KVM that cannot run the guest: say so before the isle's status is judged (first cause wins).
                        if (exited is QemuIsle { AcceleratorFailure: string said })
                        {
                            loop.Post(() => ledger.Fail(1, KvmFailure.Message(index, said)));
                        }

                        onExit(exited);
                    }));
                }
            }

            long deadline = _request.Timeout is { } timeout ? Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
            // Across nodes a message may be in flight through another node's proxy, out of this one's sight.
            DeadlockDetector? deadlocks = _request.DeadlockTimeout > TimeSpan.Zero && plan.NodeCount == 1
                ? new DeadlockDetector(segment, plan.LocalRanks, _request.DeadlockTimeout)
                : null;
            var startWatch = new MetalStartWatch(plan);
            var guestPolling = new GuestPolling(plan.Isles.Any(i => i.Target != IsleTarget.Process));
            loop.Run(
                done: () => ledger.IsOver || TimedOut(ledger, deadline) || startWatch.Expired(segment, ledger),
                onIdle: () =>
                {
                    segmentRemoved |= RemoveWhenAllAttached(segment, segmentPath, plan.Isles.Count, segmentRemoved);
                    if (segmentRemoved)
                    {
                        // Every VM has booted, long after QEMU read the file: the variables need not stay on disk.
                        metalEnvironment?.Dispose();
                    }

                    if (deadlocks?.Check(ledger.HasEnded, Stopwatch.GetTimestamp()) is string report)
                    {
                        ledger.Fail(DeadlockDetector.ExitStatus, report);
                    }
                },
                sleepLimit: () => Math.Min(Math.Min(startWatch.SleepLimit, guestPolling.SleepLimit(loop.LastRequestTimestamp)), deadline == long.MaxValue ? int.MaxValue : (int)Math.Max(1, (deadline - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency)));

            EndIsles(isles);
            loop.Drain();
            _console.Finish();
            if (ledger.Failure is null && !_console.WaitWritten(Remaining(deadline), ending.Token))
            {
                // A job that succeeded has its output delivered in full, however slowly it is read: but not past
                // the deadline, and not after a signal (whose event says why).
                loop.Drain();
                ledger.Fail(TimeoutStatus, $"job timed out after {_request.Timeout?.TotalSeconds:0.###} s while its output was still being written");
            }

            if (ledger.Failure is { } failure)
            {
                // The output before the message, as far as the terminal takes it: a pipe nobody reads must not hold
                // hermit-run (its isles are already gone).
                _ = _console.WaitWritten(s_outputGrace, CancellationToken.None);
                if (_request.NodeName is not null && failure.Status == TerminatedStatus)
                {
                    // A per-node proxy gets SIGTERM only when the job ends because of another node, which said why.
                    return failure.Status;
                }

                _console.Report($"hermit-run: {(_request.NodeName is null ? "" : $"node {_request.NodeName}: ")}{failure.Message}");
                _ = _console.WaitReported(s_outputGrace);
                return failure.Status;
            }

            return 0;
        }
        finally
        {
            EndIsles(isles);
            stdin?.Stop(); // its thread rings a doorbell in the segment, which is unmapped next
            (pump as IDisposable)?.Dispose();
            if (!segmentRemoved)
            {
                SharedMapping.Remove(segmentPath);
            }

            foreach (IRunningIsle isle in isles)
            {
                isle.Dispose();
            }

            foreach (PidsLimit limit in limits)
            {
                limit.Dispose();
            }
        }
    }

    /// <summary>Kills every isle still running and waits (briefly) for all of them to be gone.</summary>
    private static void EndIsles(List<IRunningIsle> isles)
    {
        foreach (IRunningIsle isle in isles)
        {
            if (!isle.HasExited)
            {
                isle.Kill();
            }
        }

        foreach (IRunningIsle isle in isles)
        {
            _ = isle.WaitForExit(s_killGrace);
        }
    }

    /// <summary>
    /// Where an isle process's own output lines (or a VM's console and QEMU's messages) go: to the console as the
    /// isle's, through the loop's thread. The reader (a pool thread) waits while the terminal is behind, so the isle
    /// waits on its pipe, not the proxy's memory.
    /// </summary>
    private Action<string, bool> IsleOutput(ProxyLoop loop, int isle) => (line, error) =>
    {
        for (int nap = 0; nap < 1000 && _console.IsCongested; nap++)
        {
            Thread.Sleep(10);
        }

        byte[] bytes = Encoding.UTF8.GetBytes(line + "\n");
        loop.Post(() => _console.Write(-isle - 1, error, bytes));
    };

    /// <summary>Fails the job once the deadline has passed.</summary>
    private bool TimedOut(JobLedger ledger, long deadline)
    {
        if (Stopwatch.GetTimestamp() < deadline)
        {
            return false;
        }

        ledger.Fail(TimeoutStatus, $"job timed out after {_request.Timeout!.Value.TotalSeconds:0.###} s; ranks {ledger.RunningRanks} were still running");
        return true;
    }

    /// <summary>
    /// A signal handler that ends the job from the loop's thread, and stops any wait for the terminal
    /// (<paramref name="ending"/>).
    /// </summary>
    private static Action<PosixSignalContext> OnSignal(ProxyLoop loop, JobLedger ledger, int status, string what, CancellationTokenSource ending) => context =>
    {
        context.Cancel = true;
        loop.Post(() => ledger.Fail(status, $"{what}; ranks {ledger.RunningRanks} were still running"));
        ending.Cancel();
    };

    /// <summary>Time left until <paramref name="deadline"/> (infinite without one).</summary>
    private static TimeSpan Remaining(long deadline) => deadline == long.MaxValue
        ? Timeout.InfiniteTimeSpan
        : TimeSpan.FromSeconds(Math.Max(0, deadline - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);

    /// <summary>
    /// Removes the segment's name once every isle has mapped it: from then on nothing can be left in /dev/shm,
    /// even if hermit-run itself is killed.
    /// </summary>
    private static bool RemoveWhenAllAttached(SegmentView segment, string path, int isles, bool removed)
    {
        if (removed || Volatile.Read(ref segment.Header->AttachedIsles) < isles)
        {
            return false;
        }

        SharedMapping.Remove(path);
        return true;
    }

    /// <summary>The launch spec of one isle.</summary>
    private IsleLaunchSpec LaunchSpec(string segmentPath, IslePlan isle, PidsLimit? limit) => new()
    {
        SegmentPath = segmentPath,
        Isle = isle.Index,
        Cpus = [.. isle.Cpus.Cpus],
        JobPath = _request.JobPath,
        JobArgs = [.. _request.JobArgs],
        ReadOnlyRoots = [.. _request.Roots.Where(r => !r.Writable).Select(r => r.Path), Path.GetDirectoryName(_request.JobPath)!],
        ReadWriteRoots = [.. _request.Roots.Where(r => r.Writable).Select(r => r.Path)],
        ProtectedRoots = [.. _request.Roots.Where(r => !r.Writable).Select(r => r.Path), .. RuntimeFiles.Folders],
        OwnNamespaces = IsleNamespaces.Mode != IsleNamespaces.NamespaceMode.None,
        PidsCgroup = limit?.Directory,
        MaxProcesses = PidsLimit.Max,
        ProxyProcessId = Environment.ProcessId,
        AotRanks = _request.AotRanks,
    };

    /// <summary>The runtime's switch of dynamic PGO.</summary>
    private const string TieredPgo = "DOTNET_TieredPGO";

    /// <summary>The environment of one isle's process (without an isle: the settings every isle gets, no memory limit).</summary>
    private Dictionary<string, string> IsleEnvironment(IslePlan? isle)
    {
        var environment = new Dictionary<string, string>(_request.Environment)
        {
            // No diagnostics IPC socket (it would need /tmp, outside the confinement) and no background GC thread.
            ["DOTNET_EnableDiagnostics"] = "0",
            ["DOTNET_gcConcurrent"] = "0",
            // The perf map is opened for writing when the runtime starts, before the isle confines itself, and a mount
            // with a file open for writing cannot be made read-only (mount_setattr fails with EBUSY): the isle would
            // not start. Its name would carry the pid of the isle's own pid namespace anyway, which perf cannot match.
            ["DOTNET_PerfMapEnabled"] = "0",
        };
        if (isle?.MemoryBytes is long memory)
        {
            environment["DOTNET_GCHeapHardLimit"] = memory.ToString("x");
        }

        // No dynamic PGO unless the job asks for it (-x DOTNET_TieredPGO=1, or hermit-run's own environment): its
        // instrumented tier runs a rank's hot paths through counting code until a background re-JIT, at a time no one
        // chose, and measured on the message path it halved the small-message rate (benchmarks/run mpi, bandwidth
        // 8 B: 18.9 against 34.9 MB/s, medians of 4 interleaved runs).
        if (!environment.ContainsKey(TieredPgo) && Environment.GetEnvironmentVariable(TieredPgo) is null)
        {
            environment[TieredPgo] = "0";
        }

        return environment;
    }

    /// <summary>Whether the job's environment (hermit-run's own, or -x) turns the runtime's perf map on.</summary>
    private bool AsksForPerfMap() =>
        new[] { "DOTNET_PerfMapEnabled", "COMPlus_PerfMapEnabled" }
            .Select(name => _request.Environment.TryGetValue(name, out string? given) ? given : Environment.GetEnvironmentVariable(name))
            .Any(value => value is { Length: > 0 } && value != "0");

    /// <summary>
    /// The environment of a rank on a metal isle: what a hosted rank process inherits from its isle (hermit-run's
    /// environment without the launcher's variables, the job's -x variables, the runtime settings), but no GC heap
    /// limit (the VM's memory is the heap's limit there).
    /// </summary>
    private Dictionary<string, string> MetalRankEnvironment()
    {
        var inherited = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(entry => (string)entry.Key, entry => (string?)entry.Value, StringComparer.Ordinal);
        LauncherVariables.Scrub(inherited);
        var environment = inherited.Where(pair => pair.Value is not null).ToDictionary(pair => pair.Key, pair => pair.Value!, StringComparer.Ordinal);
        foreach ((string name, string value) in IsleEnvironment(isle: null))
        {
            environment[name] = value;
        }

        return environment;
    }

    /// <summary>/dev/shm/hpc-&lt;job&gt;-&lt;random&gt;.</summary>
    private static string SegmentPath(string jobPath)
    {
        string name = new(Path.GetFileNameWithoutExtension(jobPath).Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').Take(32).ToArray());
        return $"/dev/shm/hpc-{name}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
    }
}
