namespace Hpc.EndToEnd.Tests;

/// <summary>What users of mpiexec (hydra, Open MPI) and srun type and expect, with the real tool.</summary>
[TestFixture]
public sealed class ConventionsTests
{
    [Test]
    public void Np_SingleDash_Runs()
    {
        RunResult run = HermitRun.Run(["-np", "4", HermitRun.TestJob, "who"]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Lines, Has.Length.EqualTo(4), run.ToString());
    }

    [Test]
    public void HydraSpellings_Run_AndJobOptionsReachTheJob()
    {
        RunResult run = HermitRun.Run(["-hosts", "localhost", "-n", "2", "-l", "--bind-to", "core", "-genv", "HPC_TEST", "from genv", HermitRun.TestJob, "args", "-l", "-V"]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Lines.Order(), Is.EqualTo(new[] { "[0] rank 0 args [-l|-V] env HPC_TEST=from genv", "[1] rank 1 args [-l|-V] env HPC_TEST=from genv" }), run.ToString());
    }

    [TestCase("hermit-run: unknown option '-wdir' (see hermit-run --help)", "-wdir", "/tmp")]
    [TestCase("hermit-run: --bind-to socket is not supported: every rank is bound to one core of its isle (--bind-to core), or to T cores with --threads T", "--bind-to", "socket")]
    [TestCase("hermit-run: ':' (MPMD, several programs in one job) is not supported: every rank runs the one JOB; a job can branch on Job.Rank instead", "-n", "1", "JOB", ":", "-n", "3", "JOB")]
    public void Unsupported_OneLineNamingIt_ExitTwo(string message, params string[] args)
    {
        string[] command = [.. args.Select(a => a == "JOB" ? HermitRun.TestJob : a)];
        if (!args.Contains("JOB"))
        {
            command = [.. command, HermitRun.TestJob, "who"];
        }

        RunResult run = HermitRun.Run(command);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Is.EqualTo(message + "\n"), run.ToString());
        Assert.That(run.Stdout, Is.Empty);
    }

    [Test]
    public void CapitalV_PrintsTheVersion()
    {
        RunResult run = HermitRun.Run(["-V"]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Stdout, Does.Match(@"\d+\.\d+\.\d+"));
    }

    [Test]
    public void MpiexecTimeout_EndsTheJob()
    {
        RunResult run = HermitRun.Run(["-n", "2", HermitRun.TestJob, "sleep"], environment: new Dictionary<string, string> { ["MPIEXEC_TIMEOUT"] = "2" });

        Assert.That(run.ExitCode, Is.EqualTo(124), run.ToString());
    }

    [Test]
    public void ReportBindings_OneLinePerRankBeforeTheJob()
    {
        RunResult run = HermitRun.Run(["-n", "2", "--report-bindings", HermitRun.TestJob, "who"]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        string[] lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(2), run.ToString());
        Assert.That(lines[0], Does.Match(@"^hermit-run: rank 0 bound to isle \d+, cpu \d+$"));
        Assert.That(lines[1], Does.Match(@"^hermit-run: rank 1 bound to isle \d+, cpu \d+$"));
    }

    [Test]
    public void OutputFilename_EachRankToItsFolder()
    {
        string folder = HermitRun.TempFolder();

        RunResult run = HermitRun.Run(["-n", "2", "--output-filename", "out", HermitRun.TestJob, "args", "x"], folder);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Stdout, Is.Empty);
        Assert.That(File.ReadAllText(Path.Combine(folder, "out", "rank.1", "stdout")), Is.EqualTo("rank 1 args [x] env HPC_TEST=\n"));
    }

    [Test]
    public void Stdin_GoesToRankZero_OthersSeeItsEnd()
    {
        RunResult run = HermitRun.Run(["-n", "3", HermitRun.TestJob, "stdin"], stdin: "first\nsecond\nthird");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Lines.Order(), Is.EqualTo(new[] { "rank 0 read 3 lines [first|second|third]", "rank 1 read 0 lines []", "rank 2 read 0 lines []" }), run.ToString());
    }

    [Test]
    public void UnfinishedLines_OfDifferentRanks_NeverRunTogether()
    {
        RunResult run = HermitRun.Run(["-n", "3", "--tag-output", HermitRun.TestJob, "no-newline"]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Lines.Order(), Is.EqualTo(new[] { "[0] rank 0 no newline", "[1] rank 1 no newline", "[2] rank 2 no newline" }), run.ToString());
    }

    [Test]
    public void RankVariables_InIslesOfOneRank_AnswerPerRank()
    {
        RunResult run = HermitRun.Run(["-n", "2", "--isles", "2", HermitRun.TestJob, "rank-env"]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Lines.Order(), Is.EqualTo(new[]
        {
            "rank 0: PMI_RANK=0 PMI_SIZE=2 OMPI_COMM_WORLD_RANK=0 OMPI_COMM_WORLD_SIZE=2 SLURM_PROCID=0",
            "rank 1: PMI_RANK=1 PMI_SIZE=2 OMPI_COMM_WORLD_RANK=1 OMPI_COMM_WORLD_SIZE=2 SLURM_PROCID=1",
        }), run.ToString());
    }

    [TestCase(false)]
    [TestCase(true)]
    public void PerfMapAskedFor_IslesStillStartAndSaySo(bool throughX)
    {
        // Profiling .NET with perf starts with DOTNET_PerfMapEnabled=1; an isle that inherited it failed to confine
        // itself (mount_setattr EBUSY over the open map) and the job died with status 70.
        RunResult run = throughX
            ? HermitRun.Run(["-n", "2", "-x", "DOTNET_PerfMapEnabled=1", HermitRun.TestJob, "rank-env"])
            : HermitRun.Run(["-n", "2", HermitRun.TestJob, "rank-env"], environment: new Dictionary<string, string> { ["DOTNET_PerfMapEnabled"] = "1" });

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Lines, Has.Length.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.Contain("hermit-run: DOTNET_PerfMapEnabled is off in hosted isles").And.Contains("--aot"), run.ToString());
    }

    [Test]
    public void RankVariables_InAnIsleOfSeveralRanks_Unset()
    {
        RunResult run = HermitRun.Run(["-n", "2", "--isles", "1", HermitRun.TestJob, "rank-env"], environment: new Dictionary<string, string> { ["SLURM_PROCID"] = "0" });

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Lines, Has.All.EndsWith(": PMI_RANK= PMI_SIZE= OMPI_COMM_WORLD_RANK= OMPI_COMM_WORLD_SIZE= SLURM_PROCID="), run.ToString());
    }

    [Test]
    public void DeniedPath_FailureSaysHowToAllowIt()
    {
        string folder = HermitRun.TempFolder();
        string outside = Path.Combine(HermitRun.TempFolder(), "secret.txt");
        File.WriteAllText(outside, "secret");

        RunResult run = HermitRun.Run(["-n", "1", HermitRun.TestJob, "direct-unhandled", outside], folder);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stderr, Does.Contain("UnauthorizedAccessException").And.Contains("--allow DIR").And.Contains("allow = [\"DIR\"] in cluster.toml"), run.ToString());
    }

    [Test]
    public void DeniedHostFile_MessageSaysHowToAllowIt()
    {
        string outside = Path.Combine(HermitRun.TempFolder(), "secret.txt");
        File.WriteAllText(outside, "secret");

        RunResult run = HermitRun.Run(["-n", "1", HermitRun.TestJob, "host-denied", outside]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Stdout, Does.StartWith("UnauthorizedAccessException: ").And.Contains("with --allow DIR").And.Contains("cluster.toml"), run.ToString());
    }
}
