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
    private MpiexecRun(int exitCode, string output, string error)
    {
        ExitCode = exitCode;
        Lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Output = output;
        Error = error;
    }

    /// <summary>The probe's dll.</summary>
    public static string ProbeDll => Path.Combine(AppContext.BaseDirectory, "NodeLinkProbe", "NodeLinkProbe.dll");

    /// <summary>mpiexec's exit code.</summary>
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
        return new MpiexecRun(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>The lines that start with <paramref name="prefix"/>.</summary>
    public IReadOnlyList<string> LinesStarting(string prefix) =>
        [.. Lines.Where(line => line.StartsWith(prefix, StringComparison.Ordinal))];

    /// <summary>Everything the run printed, for failure messages.</summary>
    public override string ToString() => $"exit {ExitCode}\n{Output}\n{Error}";
}
