using Hpc.NoiseStudies.Results;
using Hpc.NoiseStudies.Running;

namespace Hpc.NoiseStudies.Tests.Studies;

/// <summary>The C floor: built by the tool with gcc, run pinned, writing the same files as the C# probe.</summary>
[TestFixture]
internal sealed class FloorTests
{
    [TestCase("fwq", 201)]
    [TestCase("ftq", 201)]
    public void Ensure_BuildsAFloorThatWritesOneRowPerSample(string method, int lines)
    {
        string program = FloorBuild.Ensure(Checkout.Root);
        string output = Checkout.TempFolder();

        (int status, string text) = ProbeProcess.Run(program, [$"method={method}", "samples=200", "quantum-us=20", "warmup=10", "cpus=0", $"out={output}"], output, TimeSpan.FromMinutes(2));

        Assert.That(status, Is.Zero, text);
        Assert.That(File.ReadAllLines(Path.Combine(output, "core-0.csv")), Has.Length.EqualTo(lines));
        CoreRun run = CoreRun.LoadAll(output, "c", 1).Single();
        Assert.That(run.Meta["system"], Is.EqualTo("c"));
        Assert.That(run.Values, Has.Length.EqualTo(200));
        Assert.That(run.Window.End, Is.GreaterThan(run.Window.Start));
    }

    [Test]
    public void Floor_UnknownArgument_ExitsWithUsageStatus()
    {
        string program = FloorBuild.Ensure(Checkout.Root);

        (int status, string text) = ProbeProcess.Run(program, ["bogus=1"], Path.GetTempPath(), TimeSpan.FromMinutes(1));

        Assert.That(status, Is.EqualTo(2));
        Assert.That(text, Does.Contain("unknown argument bogus"));
    }
}
