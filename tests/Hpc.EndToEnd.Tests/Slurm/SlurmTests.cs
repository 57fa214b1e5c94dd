using System.Diagnostics;

namespace Hpc.EndToEnd.Tests.Slurm;

/// <summary>
/// hermit-run under a real Slurm, as a cluster user runs it: inside an srun step, from an sbatch script, in a salloc
/// allocation (whose cpus it honours), and ended by Slurm (scancel sends what the time limit sends) without leaving
/// anything behind.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class SlurmTests
{
    /// <summary>The command line that runs this checkout's hermit-run.</summary>
    private static string[] HermitRunCommand => ["dotnet", HermitRun.Tool];

    [Test]
    public void Srun_OneTask_RunsTheJobsRanksInsideTheStep()
    {
        (int status, string output) = SlurmCluster.Client("srun", HermitRun.TempFolder(),
            ["-N1", "-n1", .. HermitRunCommand, "-n", "4", HermitRun.Example("Pi"), "1000000"]);

        Assert.That(status, Is.Zero, output);
        Assert.That(output, Does.Contain("pi ≈ 3.14159265").And.Contain("on 4 ranks"), output);
    }

    [Test]
    public void Sbatch_Script_RunsTheJobAndWritesItsOutput()
    {
        string folder = HermitRun.TempFolder();
        string script = Path.Combine(folder, "job.sh");
        File.WriteAllText(script, $"""
            #!/bin/bash
            #SBATCH --ntasks=1
            #SBATCH --output={folder}/slurm-%j.out
            {string.Join(' ', HermitRunCommand)} -n 2 {HermitRun.Example("Hello")}
            """);

        (int status, string output) = SlurmCluster.Client("sbatch", folder, "--wait", script);

        Assert.That(status, Is.Zero, output);
        string written = File.ReadAllText(Directory.GetFiles(folder, "slurm-*.out").Single());
        Assert.That(written, Does.Contain("Hello from rank 0 of 2").And.Contain("Hello from rank 1 of 2"), written);
    }

    [Test]
    public void Salloc_OneCpu_BothRanksShareIt()
    {
        (int status, string output) = SlurmCluster.Client("salloc", HermitRun.TempFolder(),
            ["-N1", "-n1", "-c1", .. HermitRunCommand, "-n", "2", "--report-bindings", HermitRun.Example("Hello")]);

        Assert.That(status, Is.Zero, output);
        string[] bindings = output.Split('\n').Where(line => line.StartsWith("hermit-run: rank ", StringComparison.Ordinal)).ToArray();
        Assert.That(bindings, Has.Length.EqualTo(2), output);
        Assert.That(bindings.Select(line => line[line.LastIndexOf("cpu ", StringComparison.Ordinal)..]).Distinct().Count(), Is.EqualTo(1),
            $"the allocation has one cpu, so both ranks must be bound to it\n{output}");
    }

    [Test]
    public void Scancel_WhileRanksRun_EndsTheJobNamingSlurmAndLeavesNothing()
    {
        string folder = HermitRun.TempFolder();
        string name = "hpc-cancel-" + Environment.ProcessId;
        var start = new ProcessStartInfo("srun", ["-N1", "-n1", "-J", name, .. HermitRunCommand, "-n", "2", HermitRun.Example("Pi"), "1000000000000", name])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["SLURM_CONF"] = SlurmCluster.Config },
        };
        SlurmCluster.Require();
        DateTime started = DateTime.UtcNow;
        using var srun = new Process { StartInfo = start };
        srun.Start();
        Task<string> stdout = srun.StandardOutput.ReadToEndAsync();
        Task<string> stderr = srun.StandardError.ReadToEndAsync();
        try
        {
            // Cancelled once its isles run: scancel then reaches hermit-run with ranks to end, not a starting step.
            // (hermit-run is found by the job's unique name among its arguments; slurmstepd, not srun, is its parent.)
            DateTime limit = DateTime.UtcNow.AddMinutes(2);
            while (!IslesRunning(name) && !srun.HasExited && DateTime.UtcNow < limit)
            {
                Thread.Sleep(100);
            }

            Assert.That(srun.HasExited, Is.False, "the job ended before it could be cancelled");
            (int cancel, string said) = SlurmCluster.Client("scancel", folder, "--name", name);
            Assert.That(cancel, Is.Zero, said);
            Assert.That(srun.WaitForExit(TimeSpan.FromMinutes(2)), Is.True, "srun did not end after scancel");
        }
        finally
        {
            if (!srun.HasExited)
            {
                srun.Kill(entireProcessTree: true);
            }

            srun.WaitForExit();
        }

        var run = new RunResult(srun.ExitCode, stdout.Result, stderr.Result, srun.Id) { Started = started };
        Assert.That(run.Stderr, Does.Contain("hermit-run: terminated (SIGTERM; inside Slurm job "), run.ToString());
        Leftovers.AssertNone(run);
    }

    /// <summary>True when the hermit-run whose arguments include <paramref name="marker"/> has isle processes below it.</summary>
    private static bool IslesRunning(string marker)
    {
        int[] tool = LiveProcesses.Matching(cmdline => cmdline.Contains(HermitRun.Tool, StringComparison.Ordinal) && cmdline.Contains(marker, StringComparison.Ordinal));
        return LiveProcesses.WithDescendants(tool, new HashSet<int>())
            .Any(pid => File.Exists($"/proc/{pid}/cmdline") && File.ReadAllText($"/proc/{pid}/cmdline").Contains("Hpc.Isle.dll", StringComparison.Ordinal));
    }
}
