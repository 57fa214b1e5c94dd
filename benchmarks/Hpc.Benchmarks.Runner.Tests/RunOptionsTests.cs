namespace Hpc.Benchmarks.Runner.Tests;

/// <summary>The runner's command line as benchmarks/run passes it.</summary>
[TestFixture]
internal sealed class RunOptionsTests
{
    /// <summary>A temporary folder standing for the checkout.</summary>
    private string _root = "";

    /// <summary>Makes a folder holding a hermit-run file.</summary>
    [SetUp]
    public void CreateRoot()
    {
        _root = Directory.CreateTempSubdirectory("hpc-bench-").FullName;
        File.WriteAllText(Path.Combine(_root, "hermit-run"), "#!/bin/sh\n");
    }

    /// <summary>Removes the folder.</summary>
    [TearDown]
    public void RemoveRoot() => Directory.Delete(_root, recursive: true);

    /// <summary>A skipped Hpc job is carried with its reason.</summary>
    [Test]
    public void Parse_HpcSkip_KeepsReason()
    {
        RunOptions options = RunOptions.Parse(["mpi", "--root", _root, "--hpc-skip", "no API yet"]);
        Assert.That(options.Suite, Is.EqualTo("mpi"));
        Assert.That(options.HpcJob, Is.Null);
        Assert.That(options.HpcSkipReason, Is.EqualTo("no API yet"));
        Assert.That(options.BuildDirectory, Is.EqualTo(Path.Combine(_root, "benchmarks", ".build")));
    }

    /// <summary>Exactly one of --hpc-job and --hpc-skip.</summary>
    [Test]
    public void Parse_JobAndSkip_Throws()
    {
        string job = Path.Combine(_root, "job.dll");
        File.WriteAllText(job, "");
        Assert.Throws<ArgumentException>(() => RunOptions.Parse(["mpi", "--root", _root, "--hpc-job", job, "--hpc-skip", "x"]));
        Assert.Throws<ArgumentException>(() => RunOptions.Parse(["mpi", "--root", _root]));
    }

    /// <summary>A root without hermit-run is not the checkout.</summary>
    [Test]
    public void Parse_RootWithoutHermitRun_Throws()
    {
        File.Delete(Path.Combine(_root, "hermit-run"));
        Assert.Throws<ArgumentException>(() => RunOptions.Parse(["mpi", "--root", _root, "--hpc-skip", "x"]));
    }

    /// <summary>A missing job file, an unknown option and a dangling option are refused.</summary>
    [TestCase("--hpc-job", "/nonexistent/job.dll")]
    [TestCase("--rounds", "3")]
    [TestCase("--hpc-skip")]
    public void Parse_BadArguments_Throws(params string[] extra) =>
        Assert.Throws<ArgumentException>(() => RunOptions.Parse(["mpi", "--root", _root, .. extra]));
}
