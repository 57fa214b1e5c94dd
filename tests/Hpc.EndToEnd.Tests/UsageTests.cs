namespace Hpc.EndToEnd.Tests;

/// <summary>Bad input gets one clear line and exit status 2, and loses nothing.</summary>
[TestFixture]
public sealed class UsageTests
{
    [TestCase("--np", "zero")]
    [TestCase("--np", "0")]
    [TestCase("--no-such-option")]
    [TestCase("--target", "vax")]
    [TestCase("-x", "NOVALUE")]
    public void BadArguments_ExitTwoWithOneLine(params string[] args)
    {
        RunResult run = HermitRun.Run([.. args, HermitRun.TestJob, "who"]);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr.Trim().Split('\n'), Has.Length.EqualTo(1), run.ToString());
        Assert.That(run.Stderr, Does.StartWith("hermit-run: "));
    }

    [Test]
    public void NoJob_ExitTwo()
    {
        RunResult run = HermitRun.Run(["-n", "2"]);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
    }

    [Test]
    public void MissingJob_ExitTwoNamingIt()
    {
        RunResult run = HermitRun.Run(["-n", "2", "no/such/job.dll"]);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr.Trim(), Is.EqualTo("hermit-run: job not found: no/such/job.dll"));
    }

    [Test]
    public void NotAnAssembly_ExitTwo()
    {
        string folder = HermitRun.TempFolder();
        File.WriteAllText(Path.Combine(folder, "broken.dll"), "not a PE file");

        RunResult run = HermitRun.Run(["broken.dll"], folder);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.Contain("is not a .NET assembly"));
    }

    [Test]
    public void Library_WithoutEntryPoint_ExitTwo()
    {
        string library = Path.Combine(Path.GetDirectoryName(HermitRun.TestJob)!, "Hpc.Kernel.dll");

        RunResult run = HermitRun.Run([library]);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.Contain("has no entry point"));
    }

    [Test]
    public void MalformedClusterFile_ExitTwoWithFileAndLine()
    {
        string folder = HermitRun.TempFolder();
        File.WriteAllText(Path.Combine(folder, "cluster.toml"), "[[node]]\nname = \"localhost\"\n[[node.isle]]\ncpu = \"0\"\n");

        RunResult run = HermitRun.Run([HermitRun.TestJob, "who"], folder);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.Match(@"cluster\.toml:4:\d+: .*unknown key 'cpu'"), run.ToString());
    }

    [Test]
    public void ClusterFile_WithNonexistentCpu_ExitTwo()
    {
        string folder = HermitRun.TempFolder();
        File.WriteAllText(Path.Combine(folder, "cluster.toml"), "[[node]]\nname = \"localhost\"\n[[node.isle]]\ncpus = \"0-4095\"\n");

        RunResult run = HermitRun.Run([HermitRun.TestJob, "who"], folder);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.Contain("cluster.toml:4:"), run.ToString());
    }

    [Test]
    public void Version_PrintsAndExitsZero()
    {
        RunResult run = HermitRun.Run(["--version"]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Stdout, Does.Match(@"\d+\.\d+\.\d+"));
    }

    [Test]
    public void Help_ListsTheOptions()
    {
        RunResult run = HermitRun.Run(["--help"]);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Stdout, Does.Contain("--cores-per-isle").And.Contains("--tag-output").And.Contains("--allow"));
    }
}
