using Hpc.EndToEnd.Tests;

namespace Hpc.Metal.Tests;

/// <summary>
/// Several metal isles on one node, one rank each, passing messages through the node segment (ivshmem) exactly as
/// hosted isles do: the same jobs, published with ILCompiler, print what they print on hosted isles. Iterations are
/// fewer than the hosted tests' (TCG runs the guests), the checks the same.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class MetalMessageTests
{
    /// <summary>A metal job under TCG may take minutes on a loaded 2-core machine.</summary>
    private static readonly TimeSpan s_limit = TimeSpan.FromMinutes(8);

    /// <summary>The message-passing test job's project folder (published, not the built dll).</summary>
    private static string MpiJob => Path.Combine(HermitRun.RepoRoot, "tests/jobs/MpiJob");

    /// <summary>An example's project folder.</summary>
    private static string Example(string name) => Path.Combine(HermitRun.RepoRoot, "examples", name);

    /// <summary>Pi's allreduce between two VMs gives the line two hosted isles give.</summary>
    [Test]
    public void Pi_TwoMetalIsles_PrintWhatTwoHostedIslesPrint()
    {
        RunResult metal = HermitRun.Run(["--target", "qemu", "-n", "2", "--cores-per-isle", "1", Example("Pi"), "1000000"], limit: s_limit);
        RunResult hosted = HermitRun.Run(["--target", "process", "-n", "2", "--cores-per-isle", "1", Example("Pi"), "1000000"]);
        Assert.Multiple(() =>
        {
            Assert.That(metal.ExitCode, Is.Zero, metal.ToString());
            Assert.That(metal.Stdout, Does.Contain("on 2 ranks"), metal.ToString());
            Assert.That(metal.Stdout, Is.EqualTo(hosted.Stdout), $"{metal}\n{hosted}");
        });
        MetalLeftovers.AssertNone(metal.ToString());
    }

    /// <summary>Heat2D's halo exchanges between two VMs: bit for bit the serial answer, the same centre as hosted.</summary>
    [Test]
    public void Heat2D_TwoMetalIsles_MatchesTheSerialRunBitForBit()
    {
        RunResult metal = HermitRun.Run(["--target", "qemu", "-n", "2", "--cores-per-isle", "1", Example("Heat2D"), "64", "300"], limit: s_limit);
        RunResult hosted = HermitRun.Run(["--target", "process", "-n", "2", "--cores-per-isle", "1", Example("Heat2D"), "64", "300"]);
        Assert.Multiple(() =>
        {
            Assert.That(metal.ExitCode, Is.Zero, metal.ToString());
            Assert.That(metal.Stdout, Does.Contain("max difference vs serial 0"), metal.ToString());
            Assert.That(Centre(metal.Stdout), Is.EqualTo(Centre(hosted.Stdout)).And.Not.Empty, $"{metal}\n{hosted}");
        });
        MetalLeftovers.AssertNone(metal.ToString());
    }

    /// <summary>PingPong between two VMs: a row for every size, in the order hosted isles print them.</summary>
    [Test]
    public void PingPong_TwoMetalIsles_EverySizeMakesTheRoundTrip()
    {
        RunResult metal = HermitRun.Run(["--target", "qemu", "-n", "2", "--cores-per-isle", "1", Example("PingPong"), "262144"], limit: s_limit);
        RunResult hosted = HermitRun.Run(["--target", "process", "-n", "2", "--cores-per-isle", "1", Example("PingPong"), "262144"]);
        Assert.Multiple(() =>
        {
            Assert.That(metal.ExitCode, Is.Zero, metal.ToString());
            Assert.That(Sizes(metal.Stdout), Is.EqualTo(Sizes(hosted.Stdout)).And.Contains("262144"), $"{metal}\n{hosted}");
        });
        MetalLeftovers.AssertNone(metal.ToString());
    }

    /// <summary>The randomized storm between four VMs: nothing lost, duplicated, corrupted or overtaken.</summary>
    [Test]
    public void Storm_FourMetalIsles_NothingLostDuplicatedCorruptedOrReordered()
    {
        RunResult run = HermitRun.Run(["--target", "qemu", "-n", "4", "--cores-per-isle", "1", MpiJob, "storm", "7", "40"], limit: s_limit);
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Lines.Count(l => l.StartsWith("storm ok", StringComparison.Ordinal)), Is.EqualTo(4), run.ToString());
        MetalLeftovers.AssertNone(run.ToString());
    }

    /// <summary>Every collective on three VMs against its serial computation.</summary>
    [Test]
    public void Collectives_ThreeMetalIsles_AgreeWithSerial()
    {
        RunResult run = HermitRun.Run(["--target", "qemu", "-n", "3", "--cores-per-isle", "1", MpiJob, "collectives"], limit: s_limit);
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Lines.Count(l => l.StartsWith("collectives ok", StringComparison.Ordinal)), Is.EqualTo(3), run.ToString());
        MetalLeftovers.AssertNone(run.ToString());
    }

    /// <summary>A rank that throws while the other waits for its message: the job ends, the rank named, every VM gone.</summary>
    [Test]
    public void RankThrows_WhileOtherWaits_JobEndsNamedAndNoVmLeft()
    {
        RunResult run = HermitRun.Run(["--target", "qemu", "-n", "2", "--cores-per-isle", "1", MpiJob, "die-while-waiting"], limit: s_limit);
        Assert.That(run.ExitCode, Is.Not.Zero, run.ToString());
        Assert.That(run.Stderr, Does.Contain("rank 1 (isle ").And.Contains("rank 1 gives up"), run.ToString());
        MetalLeftovers.AssertNone(run.ToString());
    }

    /// <summary>
    /// Two metal ranks each waiting for the other: the proxy reads their wait records in the segment and reports the
    /// deadlock as it does for hosted isles, instead of hanging until the job's timeout.
    /// </summary>
    [Test]
    public void Deadlock_TwoMetalIsles_ReportedWithBothWaits()
    {
        RunResult run = HermitRun.Run(["--target", "qemu", "-n", "2", "--cores-per-isle", "1", "--deadlock-timeout", "2", "--timeout", "300", MpiJob, "deadlock"], limit: s_limit);
        Assert.That(run.ExitCode, Is.EqualTo(3), run.ToString());
        Assert.That(run.Stderr, Does.Contain(
            "hermit-run: deadlock: every rank has waited 2 s with no message in flight\n"
            + "  rank 0: Recv(source 1, tag 5) on world\n"
            + "  rank 1: Recv(source any, tag 5) on world\n"), run.ToString());
        MetalLeftovers.AssertNone(run.ToString());
    }

    /// <summary>
    /// --cores-per-isle 2 --threads 2: two VMs of two vCPUs, each rank's Hpc.OpenMp team one thread a vCPU (Job.Cpu
    /// is the vCPU, as sched_getcpu is the core on a hosted isle), and the team's reduction right.
    /// </summary>
    [Test]
    public void OpenMpTeams_TwoVcpusPerIsle_OneThreadPerVcpu()
    {
        string job = Path.Combine(HermitRun.RepoRoot, "tests/jobs/OmpJob");
        RunResult run = HermitRun.Run(["--target", "qemu", "-n", "2", "--cores-per-isle", "2", "--threads", "2", job], limit: s_limit);
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Lines.Where(l => l.StartsWith("rank ", StringComparison.Ordinal)).Order(),
            Is.EqualTo(new[] { "rank 0 threads 2 procs 2 sum 4999950000 cpus 0,1", "rank 1 threads 2 procs 2 sum 4999950000 cpus 0,1" }), run.ToString());
        MetalLeftovers.AssertNone(run.ToString());
    }

    /// <summary>
    /// A metal rank's environment is a hosted rank's: the job's -x variables (a value with spaces intact) and the
    /// launchers' rank variables of its own rank, even where hermit-run's environment had others.
    /// </summary>
    [Test]
    public void Environment_DashXAndRankVariables_ReachEachMetalRank()
    {
        RunResult run = HermitRun.Run(["--target", "qemu", "-n", "2", "--cores-per-isle", "1", "-x", "HPC_GREETING=hello metal isle", MpiJob, "environment", "HPC_GREETING", "PMI_RANK", "SLURM_NTASKS"],
            limit: s_limit, environment: new Dictionary<string, string> { ["SLURM_NTASKS"] = "99" });
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Lines.Where(l => l.StartsWith("rank ", StringComparison.Ordinal)).Order(), Is.EqualTo(new[]
        {
            "rank 0: HPC_GREETING=hello metal isle", "rank 0: PMI_RANK=0", "rank 0: SLURM_NTASKS=2",
            "rank 1: HPC_GREETING=hello metal isle", "rank 1: PMI_RANK=1", "rank 1: SLURM_NTASKS=2",
        }), run.ToString());
        MetalLeftovers.AssertNone(run.ToString());
    }

    /// <summary>The centre value of Heat2D's result line.</summary>
    private static string Centre(string stdout) =>
        System.Text.RegularExpressions.Regex.Match(stdout, @"centre (\S+)").Groups[1].Value;

    /// <summary>The first column of PingPong's rows (the message sizes).</summary>
    private static string[] Sizes(string stdout) =>
        [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Trim().Split(' ')[0])];
}
