namespace Hpc.EndToEnd.Tests;

/// <summary>
/// <c>hermit-run --aot</c>: the job published with ILCompiler runs as one confined process per rank, with the same
/// output and status as hosted. Publishing takes tens of seconds, so the fixture publishes each job once (the
/// cache in the project's bin/aot keeps it for later runs) and the tests reuse it.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class AotTests
{
    /// <summary>Long enough for a first publish on a loaded machine (a safety net, not a timing check).</summary>
    private static readonly TimeSpan s_publishLimit = TimeSpan.FromMinutes(10);

    /// <summary>tests/jobs/PlainAotJob.</summary>
    private static string PlainProject => Path.Combine(HermitRun.RepoRoot, "tests", "jobs", "PlainAotJob");

    /// <summary>examples/Pi.</summary>
    private static string PiProject => Path.Combine(HermitRun.RepoRoot, "examples", "Pi");

    /// <summary>tests/jobs/MpiJob.</summary>
    private static string MpiProject => Path.Combine(HermitRun.RepoRoot, "tests", "jobs", "MpiJob");

    /// <summary>Publishes the jobs (or finds them published) before any test.</summary>
    [OneTimeSetUp]
    public void PublishJobs()
    {
        foreach ((string[] args, int status) in new[]
        {
            (new[] { "--aot", "-n", "1", PlainProject, OutsidePath() }, 3),
            (["--aot", "-n", "1", PiProject, "1000"], 0),
            (["--aot", "-n", "1", MpiProject, "semantics"], 0),
        })
        {
            RunResult run = HermitRun.Run(args, limit: s_publishLimit);
            Assert.That(run.ExitCode, Is.EqualTo(status), run.ToString());
        }
    }

    [Test]
    public void PlainJob_AotAndHosted_SameOutputAndStatus3()
    {
        string outside = OutsidePath();
        string[] job = [HermitRun.PlainAotJob, outside];
        // One rank: with several, the first rank to return 3 ends the job and may cut the others' output short.
        RunResult hosted = HermitRun.Run(["-n", "1", .. job]);
        // The built .dll: --aot finds its project beside it.
        RunResult aot = HermitRun.Run(["--aot", "-n", "1", .. job]);

        Assert.That(hosted.ExitCode, Is.EqualTo(3), hosted.ToString());
        Assert.That(aot.ExitCode, Is.EqualTo(3), aot.ToString());
        Assert.That(aot.Stdout, Is.EqualTo(hosted.Stdout), $"hosted:\n{hosted}\naot:\n{aot}");
        Assert.That(aot.Stderr, Is.EqualTo(hosted.Stderr).And.Contains("exited with status 3"), $"hosted:\n{hosted}\naot:\n{aot}");
        Assert.That(aot.Lines, Has.Length.EqualTo(8), aot.ToString());
        Assert.That(aot.Lines, Has.Some.EqualTo("rank 0: outside the roots refused"));
        Assert.That(aot.Lines, Has.Some.EqualTo("rank 0: allocated 512 MiB, checksum 1044480, collected True"));
        Assert.That(File.Exists(outside), Is.False, "a rank wrote outside its roots");
        AssertNothingLeft(aot);
    }

    [TestCase(2)]
    [TestCase(4)]
    public void Pi_Aot_SameAnswerAsHosted(int ranks)
    {
        string[] job = ["-n", ranks.ToString(System.Globalization.CultureInfo.InvariantCulture), HermitRun.Example("Pi"), "2000000"];
        RunResult hosted = HermitRun.Run(job);
        RunResult aot = HermitRun.Run(["--aot", .. job]);

        Assert.That(aot.ExitCode, Is.Zero, aot.ToString());
        Assert.That(aot.Stdout, Does.StartWith("pi ≈ 3.14159").And.Contain($"on {ranks} ranks"), aot.ToString());
        Assert.That(aot.Stdout, Is.EqualTo(hosted.Stdout), $"hosted:\n{hosted}\naot:\n{aot}");
        AssertNothingLeft(aot);
    }

    [Test]
    public void Collectives_Aot_LargeMessagesBetweenRankProcessesOfOneIsle()
    {
        // One isle, four rank processes: no rank can read another's buffer, so nothing may go by rendezvous.
        RunResult run = HermitRun.Run(["--aot", "-n", "4", MpiProject, "collectives"]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Lines.Count(l => l.StartsWith("collectives ok rank", StringComparison.Ordinal)), Is.EqualTo(4), run.ToString());
        AssertNothingLeft(run);
    }

    [Test]
    public void Abort_Aot_NamedAsInAnIsleWithItsStatus()
    {
        RunResult run = HermitRun.Run(["--aot", "-n", "2", MpiProject, "abort"]);

        Assert.That(run.ExitCode, Is.EqualTo(7), run.ToString());
        Assert.That(run.Stderr, Does.Match(@"hermit-run: rank 1 \(isle 0, cpu \d+\) aborted the job: rank 1 of a communicator of 2 called Abort\(7\)"), run.ToString());
        Assert.That(run.Stderr, Does.Not.Contain("rank abort:"), "the isle's marker is not output\n" + run);
        AssertNothingLeft(run);
    }

    [Test]
    public void RankProcess_WhileRunning_NoJitConfinedAndPinned()
    {
        var seen = new List<string>();
        RunResult run = HermitRun.Run(["--aot", "-n", "2", PiProject, "1000000000"], whileRunning: _ =>
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (seen.Count < 2 && DateTime.UtcNow < deadline)
            {
                seen.Clear();
                foreach (int pid in RankProcesses("Pi"))
                {
                    try
                    {
                        string maps = File.ReadAllText($"/proc/{pid}/maps");
                        var status = File.ReadAllLines($"/proc/{pid}/status").Select(l => l.Split(':', 2)).ToDictionary(p => p[0], p => p[1].Trim());
                        seen.Add($"jit {maps.Contains("libclrjit", StringComparison.Ordinal) || maps.Contains("libcoreclr", StringComparison.Ordinal)}, "
                            + $"no_new_privs {status["NoNewPrivs"]}, seccomp {status["Seccomp"]}, caps {status["CapEff"]}, cpus {status["Cpus_allowed_list"]}");
                    }
                    catch (Exception e) when (e is IOException or KeyNotFoundException)
                    {
                        // The rank ended meanwhile.
                    }
                }

                Thread.Sleep(50);
            }
        });

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(seen, Has.Count.EqualTo(2), "both rank processes should have been seen running\n" + run);
        Assert.That(seen, Has.All.StartWith("jit False, no_new_privs 1, seccomp 2, caps 0000000000000000, cpus "), string.Join("\n", seen));
        // Each rank process is pinned to one cpu of its own.
        Assert.That(seen.Select(s => s.Split("cpus ")[1]).Distinct().Count(), Is.EqualTo(Math.Min(2, Environment.ProcessorCount)), string.Join("\n", seen));
    }

    [Test]
    public void RankThrows_Aot_RankAndExceptionNamed()
    {
        RunResult run = HermitRun.Run(["--aot", "-n", "2", PlainProject, OutsidePath(), "throw"]);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stderr, Does.Match(@"hermit-run: rank 1 \(isle 0, cpu \d+\) failed: System.InvalidOperationException: rank 1 gives up"), run.ToString());
        Assert.That(run.Stdout, Does.Not.Contain("Unhandled exception"), run.ToString());
        AssertNothingLeft(run);
    }

    [Test]
    public void RankKilled_Aot_SignalNamed()
    {
        RunResult run = HermitRun.Run(["--aot", "-n", "2", PlainProject, OutsidePath(), "kill"]);

        Assert.That(run.ExitCode, Is.EqualTo(137), run.ToString());
        Assert.That(run.Stderr, Does.Match(@"hermit-run: rank 1 \(isle 0, cpu \d+\) was killed by signal 9 \(SIGKILL\)"), run.ToString());
        AssertNothingLeft(run);
    }

    [Test]
    public void SecondRun_SourcesUnchanged_CacheHitNoPublish()
    {
        string executable = Directory.GetFiles(Path.Combine(PlainProject, "bin", "aot"), "PlainAotJob", SearchOption.AllDirectories).Single();
        DateTime published = File.GetLastWriteTimeUtc(executable);

        RunResult run = HermitRun.Run(["--aot", "-n", "1", PlainProject, OutsidePath()]);

        Assert.That(run.ExitCode, Is.EqualTo(3), run.ToString());
        Assert.That(run.Stderr, Does.Not.Contain("Publishing"), run.ToString());
        Assert.That(File.GetLastWriteTimeUtc(executable), Is.EqualTo(published));
    }

    [Test]
    public void DllWithoutProject_Aot_OneLineRefusal()
    {
        string folder = HermitRun.TempFolder();
        string copy = Path.Combine(folder, "PlainAotJob.dll");
        File.Copy(HermitRun.PlainAotJob, copy);

        RunResult run = HermitRun.Run(["--aot", copy]);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr.Trim().Split('\n'), Has.Length.EqualTo(1), run.ToString());
        Assert.That(run.Stderr, Does.Contain("no project was found beside this .dll"), run.ToString());
    }

    [Test]
    public void MetalTarget_Aot_Refused()
    {
        RunResult run = HermitRun.Run(["--aot", "--target", "qemu", PlainProject]);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.Contain("--aot runs hosted isles (--target process)"), run.ToString());
    }

    [Test]
    public void CompileError_Aot_PublishFailureNamedWithCompilerError()
    {
        string folder = HermitRun.TempFolder();
        File.WriteAllText(Path.Combine(folder, "Broken.csproj"),
            "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>");
        File.WriteAllText(Path.Combine(folder, "Program.cs"), "System.Console.WriteLine(undefinedName);\n");

        RunResult run = HermitRun.Run(["--aot", folder], workingDirectory: folder, limit: s_publishLimit);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.Match(@"hermit-run: publishing .*Broken.csproj with ILCompiler failed: .*error CS0103"), run.ToString());
        Assert.That(Directory.Exists(Path.Combine(folder, "bin", "aot")) && Directory.EnumerateFileSystemEntries(Path.Combine(folder, "bin", "aot")).Any(), Is.False,
            "a failed publish must leave nothing that looks cached");
    }

    /// <summary>A path outside every root of a job run in another temp folder: its parent exists and is writable here.</summary>
    private static string OutsidePath() => Path.Combine(HermitRun.TempFolder(), "outside.txt");

    /// <summary>Running rank processes of the published job named <paramref name="name"/> (of this checkout).</summary>
    private static int[] RankProcesses(string name) =>
        LiveProcesses.Matching(cmdline => cmdline.StartsWith(HermitRun.RepoRoot, StringComparison.Ordinal) && cmdline.Contains($"/bin/aot/", StringComparison.Ordinal)
            && cmdline.Split('\0')[0].EndsWith("/" + name, StringComparison.Ordinal));

    /// <summary>No segment, isle or rank process left.</summary>
    private static void AssertNothingLeft(RunResult run)
    {
        Leftovers.AssertNone(run);
        Assert.That(RankProcesses("PlainAotJob").Concat(RankProcesses("Pi")).Concat(RankProcesses("MpiJob")), Is.Empty, $"rank processes left behind\n{run}");
    }
}
