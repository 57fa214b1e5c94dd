using System.Diagnostics;

namespace Hpc.Proxy.Tests.Mpich;

/// <summary>
/// One run of tests/tools/NodeLinkProbe (copied to NodeLinkProbe/ beside the tests) under a real
/// <c>mpiexec -launcher fork -n N</c> on this machine, and its output.
/// </summary>
internal sealed class MpiexecRun
{
    /// <summary>How long a run may take before the test gives up on it (a hang is a failure, not a slow pass).</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(150);

    /// <summary>Keeps the captured output.</summary>
    private MpiexecRun(int exitCode, string output, string error, int[] rankStatuses)
    {
        ExitCode = exitCode;
        RankStatuses = rankStatuses;
        Lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Output = output;
        Error = error;
    }

    /// <summary>The probe's dll.</summary>
    public static string ProbeDll => Path.Combine(AppContext.BaseDirectory, "NodeLinkProbe", "NodeLinkProbe.dll");

    /// <summary>mpiexec's exit code (for runs that leave cleanly, see <see cref="RankStatuses"/> instead).</summary>
    public int ExitCode { get; }

    /// <summary>Standard output of every node, one entry per line.</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary>Standard output as one text.</summary>
    public string Output { get; }

    /// <summary>Standard error (mpiexec's own reports included).</summary>
    public string Error { get; }

    /// <summary>The mpiexec on PATH, or null.</summary>
    public static string? FindMpiexec() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "mpiexec"))
            .FirstOrDefault(File.Exists);

    /// <summary>Skips the calling test with a clear message when mpiexec is missing.</summary>
    public static string RequireMpiexec()
    {
        string? mpiexec = FindMpiexec();
        if (mpiexec is null)
        {
            Assert.Ignore("mpiexec is not on PATH: install MPICH (Debian: mpich) to run the NodeLink tests.");
        }

        return mpiexec!;
    }

    /// <summary>
    /// Runs the probe in <paramref name="mode"/> on <paramref name="nodes"/> processes; <paramref name="ucxTransports"/>
    /// sets UCX_TLS. <paramref name="waitForAll"/> passes <c>-disable-auto-cleanup</c>: by default hydra kills the
    /// remaining processes as soon as one exits without MPI_Finalize (and still exits 0), which would cut off what
    /// the others print after leaving.
    /// </summary>
    public static MpiexecRun Start(int nodes, string mode, string? ucxTransports = null, bool waitForAll = false)
    {
        string mpiexec = RequireMpiexec();
        string? exitFolder = null;
        var start = new ProcessStartInfo(mpiexec)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (waitForAll)
        {
            start.ArgumentList.Add("-disable-auto-cleanup");
        }

        foreach (string arg in new[] { "-launcher", "fork", "-n", nodes.ToString(System.Globalization.CultureInfo.InvariantCulture), Hpc.Proxy.Running.DotnetHost.Path, ProbeDll, mode })
        {
            start.ArgumentList.Add(arg);
        }

        // A test host started under a launcher must not hand its own PMI state to this job.
        _ = Hpc.Proxy.Mpich.ChildEnvironment.Scrub(start.Environment);
        if (waitForAll)
        {
            // Each node writes the code it returns there (see RankStatuses).
            exitFolder = Directory.CreateTempSubdirectory("hpc-probe-exit-").FullName;
            start.Environment["PROBE_MARK_DIR"] = exitFolder;
        }

        if (ucxTransports is not null)
        {
            start.Environment["UCX_TLS"] = ucxTransports;
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"mpiexec -n {nodes} NodeLinkProbe {mode} hung for {Limit}: {output.Result}\n{error.Result}");
        }

        process.WaitForExit();
        return new MpiexecRun(process.ExitCode, output.Result, error.Result, ReadStatuses(exitFolder, nodes));
    }

    /// <summary>
    /// The code each node's probe returned from Main (index: node; -1 when it recorded none); only for runs started
    /// with <c>waitForAll</c> (empty otherwise). mpiexec's own code does not say this for them: a process that leaves
    /// without MPI_Finalize, as NodeLink does, is sometimes reported by hydra with status 1 (printed as "Hangup
    /// (signal 1)") although it called exit_group(0), as strace showed in 12 of 30 runs on a loaded machine. (A
    /// wrapper shell cannot report it either: hydra ends the other ranks' processes once the first has exited.)
    /// </summary>
    public int[] RankStatuses { get; }

    /// <summary>The codes the nodes wrote into <paramref name="folder"/> (then removed), or none.</summary>
    private static int[] ReadStatuses(string? folder, int nodes)
    {
        if (folder is null)
        {
            return [];
        }

        int[] statuses = [.. Enumerable.Range(0, nodes).Select(rank =>
            int.TryParse(File.Exists(Path.Combine(folder, $"exit.{rank}")) ? File.ReadAllText(Path.Combine(folder, $"exit.{rank}")).Trim() : "", out int status) ? status : -1)];
        Directory.Delete(folder, recursive: true);
        return statuses;
    }

    /// <summary>The lines that start with <paramref name="prefix"/>.</summary>
    public IReadOnlyList<string> LinesStarting(string prefix) =>
        [.. Lines.Where(line => line.StartsWith(prefix, StringComparison.Ordinal))];

    /// <summary>Everything the run printed, for failure messages.</summary>
    public override string ToString() => $"exit {ExitCode}\n{Output}\n{Error}";
}
