using Hpc.Proxy.Cli;

namespace Hpc.Proxy.Tests.Cli;

/// <summary>hermit-run --quiet and --quiet-fifo: the isles' environment.</summary>
[TestFixture]
internal sealed class QuietEnvironmentTests
{
    [Test]
    public void Parse_Quiet_AddsTheQuietRuntimeSettings()
    {
        HermitRunOptions? options = new HermitRunCommand().Parse(["--quiet", "job.dll", "arg"], out _);

        Assert.That(options, Is.Not.Null);
        Assert.That(options!.Environment["DOTNET_TieredCompilation"], Is.EqualTo("0"));
        Assert.That(options.Environment["HPC_QUIET"], Is.EqualTo("1"));
        Assert.That(options.Environment.ContainsKey("HPC_QUIET_FIFO"), Is.False);
        Assert.That(options.JobArgs, Is.EqualTo(new[] { "arg" }));
    }

    [Test]
    public void Parse_QuietWithOwnValue_UserValueWins()
    {
        HermitRunOptions? options = new HermitRunCommand().Parse(["--quiet-fifo", "-x", "DOTNET_GCgen0size=4000000", "job.dll"], out _);

        Assert.That(options!.Environment["DOTNET_GCgen0size"], Is.EqualTo("4000000"));
        Assert.That(options.Environment["HPC_QUIET_FIFO"], Is.EqualTo("1"));
        Assert.That(options.Environment["HPC_QUIET"], Is.EqualTo("1"));
    }

    [Test]
    public void Parse_NotQuiet_NoQuietSettings()
    {
        HermitRunOptions? options = new HermitRunCommand().Parse(["job.dll"], out _);

        Assert.That(options!.Environment, Is.Empty);
    }
}
