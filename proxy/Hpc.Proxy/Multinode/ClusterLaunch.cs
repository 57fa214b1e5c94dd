using System.Diagnostics;
using System.Runtime.InteropServices;
using Hpc.Proxy.Cli;
using Hpc.Proxy.Nodes;
using Hpc.Proxy.Running;

namespace Hpc.Proxy.Multinode;

/// <summary>
/// The first node's side of a job on several nodes: starts one per-node proxy on every node through MPICH's hydra
/// (<c>mpiexec -ppn 1</c>), passes the ranks' output through to this terminal, and turns how the nodes ended into
/// hermit-run's exit status and one line naming the node, rank and cause.
/// </summary>
internal sealed partial class ClusterLaunch
{
    /// <summary>SIGTERM.</summary>
    private const int SigTerm = 15;
    /// <summary>SIGKILL.</summary>
    private const int SigKill = 9;
    /// <summary>Time mpiexec gets to end the job after SIGTERM before it is killed.</summary>
    private static readonly TimeSpan s_stopGrace = TimeSpan.FromSeconds(3);
    /// <summary>1 once the job is being stopped.</summary>
    private int _stopping;

    /// <summary>Exit status when a node could not be started (as for any job that cannot run).</summary>
    private const int StartFailure = 2;

    /// <summary>Exit status when a node's proxy or hydra itself failed (no node reported a status).</summary>
    private const int InfrastructureFailure = 1;
    /// <summary>Time hydra gets after the job's own --timeout before hermit-run stops it.</summary>
    private static readonly TimeSpan s_timeoutGrace = TimeSpan.FromSeconds(10);

    /// <summary>The nodes, in node order.</summary>
    private readonly IReadOnlyList<ClusterNode> _nodes;
    /// <summary>What every per-node proxy runs.</summary>
    private readonly NodeJobSpec _spec;
    /// <summary>How hydra reaches the nodes.</summary>
    private readonly LaunchSettings _settings;

    /// <summary>Prepares a launch.</summary>
    public ClusterLaunch(IReadOnlyList<ClusterNode> nodes, NodeJobSpec spec, LaunchSettings settings)
    {
        _nodes = nodes;
        _spec = spec;
        _settings = settings;
    }

    /// <summary>The mpiexec program: <c>HPC_MPIEXEC</c> if set, else mpiexec from the PATH.</summary>
    public static string Mpiexec => Environment.GetEnvironmentVariable("HPC_MPIEXEC") is { Length: > 0 } path ? path : "mpiexec";

    /// <summary>Runs the job on every node and returns hermit-run's exit status.</summary>
    public int Execute()
    {
        var start = new ProcessStartInfo("setpriv")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (string arg in Arguments())
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment[NodeJobSpec.EnvironmentVariable] = _spec.Encode();
        LauncherVariables.ScrubForLaunch(start.Environment);
        using Process mpiexec = Process.Start(start) ?? throw new JobException($"cannot start {Mpiexec}");
        mpiexec.StandardInput.Close();
        var output = new HydraOutput(_ => Stop(mpiexec), _nodes.Count);
        using Stream stdout = Console.OpenStandardOutput();
        using Stream stderr = Console.OpenStandardError();
        var readers = new[]
        {
            new Thread(() => output.Pump(mpiexec.StandardOutput.BaseStream, stdout)) { IsBackground = true, Name = "mpiexec stdout" },
            new Thread(() => output.Pump(mpiexec.StandardError.BaseStream, stderr)) { IsBackground = true, Name = "mpiexec stderr" },
        };
        foreach (Thread reader in readers)
        {
            reader.Start();
        }

        string? stopped = null;
        using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stopped ??= "interrupted (Ctrl-C)"; Stop(mpiexec); });
        using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stopped ??= Cluster.SlurmJob.TerminatedText(); Stop(mpiexec); });
        // hydra waits forever for a node ssh could not reach: bound the start, then the job.
        bool notStarted = Task.WaitAny([mpiexec.WaitForExitAsync(), output.AllStarted], _settings.Startup) < 0;
        if (notStarted)
        {
            Stop(mpiexec);
        }

        TimeSpan limit = _spec.TimeoutSeconds is double seconds ? TimeSpan.FromSeconds(seconds) + s_timeoutGrace : Timeout.InfiniteTimeSpan;
        if (!notStarted && !mpiexec.WaitForExit(limit))
        {
            stopped = $"job timed out after {_spec.TimeoutSeconds:0.###} s and mpiexec did not end it";
            Stop(mpiexec);
        }

        mpiexec.WaitForExit();
        foreach (Thread reader in readers)
        {
            reader.Join();
        }

        return notStarted ? NotStarted(output) : Judge(mpiexec.ExitCode, output, stopped);
    }

    /// <summary>Prints which nodes did not start in time, with the launcher's complaint if it made one.</summary>
    private int NotStarted(HydraOutput output)
    {
        IReadOnlyList<int> started = output.Started;
        string[] missing = [.. Enumerable.Range(0, _nodes.Count).Where(n => !started.Contains(n)).Select(n => _nodes[n].Name)];
        string why = output.Diagnostics.LastOrDefault(HydraOutput.IsLauncherLine) is { } complaint ? $" ({complaint.Trim()})" : "";
        Console.Error.WriteLine(ErrorText.OneLine(
            $"hermit-run: node{(missing.Length > 1 ? "s" : "")} {string.Join(", ", missing)} did not start within {_settings.Startup.TotalSeconds:0.###} s{why}; "
            + "the job was ended on every node (--startup-timeout sets the bound)"));
        return StartFailure;
    }

    /// <summary>The command line: setpriv (death signal) then mpiexec with one per-node proxy per node.</summary>
    private List<string> Arguments()
    {
        // mpiexec dies with hermit-run: PR_SET_PDEATHSIG is set by setpriv in the child itself.
        var args = new List<string> { "--pdeathsig", "KILL", Mpiexec, "-launcher", _settings.Launcher };
        if (_settings.LauncherExec is { } exec)
        {
            args.AddRange(["-launcher-exec", exec]);
        }

        if (_settings.Interface is { } iface)
        {
            args.AddRange(["-iface", iface]);
        }

        args.AddRange([
            "-hosts", string.Join(',', _nodes.Select(n => n.Host)),
            "-ppn", "1",
            "-n", _nodes.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-wdir", Environment.CurrentDirectory,
            "-genvlist", NodeJobSpec.EnvironmentVariable,
            DotnetHost.Path, Path.Combine(AppContext.BaseDirectory, "hermit-run.dll"), NodeRun.Flag,
        ]);
        return args;
    }

    /// <summary>Decides the exit status and prints the cause when the nodes did not all end well.</summary>
    private int Judge(int mpiexecStatus, HydraOutput output, string? stopped)
    {
        IReadOnlyList<NodeReport> reports = output.Reports;
        if (stopped is not null)
        {
            Console.Error.WriteLine($"hermit-run: {stopped}; the job was ended on every node");
            return stopped.StartsWith("job timed out", StringComparison.Ordinal) ? JobRun.TimeoutStatus : stopped.StartsWith("interrupted", StringComparison.Ordinal) ? 130 : 143;
        }

        // The first node to report a failure is the cause (it printed its own line naming node, rank and cause). A
        // node reporting SIGTERM's status was ended by hydra because of another node and said nothing: look for the
        // real cause first (a lost per-node proxy, below), and fall back to its status only when there is none.
        if (reports.FirstOrDefault(r => r.Status is not 0 and not JobRun.TerminatedStatus) is { Status: not 0 } failed)
        {
            return failed.Status;
        }

        NodeReport? terminated = reports.Where(r => r.Status == JobRun.TerminatedStatus).Select(r => (NodeReport?)r).FirstOrDefault();
        if (terminated is null && reports.Count == _nodes.Count && mpiexecStatus == 0)
        {
            return 0;
        }

        // Every node reported that all its ranks ended well, and only hydra's teardown failed after that (the per-node
        // proxies leave MPI without MPI_Finalize): the job's result stands, and the line says what hydra did.
        if (terminated is null && reports.Count == _nodes.Count)
        {
            Console.Error.WriteLine($"hermit-run: every node reported success; mpiexec then ended with status {mpiexecStatus} ({output.Diagnostics.LastOrDefault() ?? "no message"})");
            return 0;
        }

        string missing = string.Join(", ", Enumerable.Range(0, _nodes.Count).Where(n => reports.All(r => r.Node != n)).Select(n => _nodes[n].Name));
        if (output.Lost.FirstOrDefault() is { Pid: not 0 } lost && lost.Node < _nodes.Count)
        {
            string how = output.BadTermination() is { Code: > 0 and < 64 } banner && NameOf(banner.Host) == _nodes[lost.Node].Name
                ? $"was killed by signal {banner.Code}" : "died";
            Console.Error.WriteLine($"hermit-run: node {_nodes[lost.Node].Name}: its per-node proxy (pid {lost.Pid}) {how} while its ranks ran; the job was ended on every node");
        }
        else if (output.BadTermination() is { } bad)
        {
            string how = bad.Code is > 0 and < 64 ? $"was killed by signal {bad.Code}" : $"exited with status {bad.Code}";
            Console.Error.WriteLine($"hermit-run: node {NameOf(bad.Host)}: its per-node proxy (pid {bad.Pid}) {how}; the job was ended on every node");
        }
        else if (terminated is not null)
        {
            Console.Error.WriteLine($"hermit-run: node {_nodes[terminated.Value.Node].Name} was terminated (SIGTERM) while its ranks ran; the job was ended on every node");
            return JobRun.TerminatedStatus;
        }
        else
        {
            string last = output.Diagnostics.LastOrDefault() ?? "no message";
            Console.Error.WriteLine($"hermit-run: mpiexec ended with status {mpiexecStatus} before node{(missing.Contains(',') ? "s" : "")} {missing} reported ({last}); the job was ended on every node");
        }

        return InfrastructureFailure;
    }

    /// <summary>The node name for a host hydra named (its address or name).</summary>
    private string NameOf(string host) =>
        _nodes.FirstOrDefault(n => string.Equals(n.Host, host, StringComparison.OrdinalIgnoreCase) || string.Equals(n.Name, host, StringComparison.OrdinalIgnoreCase))?.Name ?? host;

    /// <summary>
    /// Ends the job on every node: SIGTERM to mpiexec, which forwards it to every per-node proxy (each ends its
    /// isles and removes its segment); SIGKILL after a grace period, since mpiexec may ignore SIGTERM. Everything
    /// then goes with mpiexec: hydra proxies, per-node proxies and isles through their death signals.
    /// </summary>
    private void Stop(Process mpiexec)
    {
        if (Interlocked.Exchange(ref _stopping, 1) != 0)
        {
            return;
        }

        _ = Kill(mpiexec.Id, SigTerm);
        var killer = new Thread(() =>
        {
            if (!mpiexec.WaitForExit(s_stopGrace))
            {
                _ = Kill(mpiexec.Id, SigKill);
            }
        })
        { IsBackground = true, Name = "mpiexec stopper" };
        killer.Start();
    }

    /// <summary>kill(2).</summary>
    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
