using Hpc.Proxy.Running.Aot;

namespace Hpc.Proxy.Tests.Running.Aot;

/// <summary>The content hash that names a published job: what changes it and what does not.</summary>
[TestFixture]
public sealed class AotSourceHashTests
{
    /// <summary>A job project and a library it references, in a fresh folder.</summary>
    private string _root = "";
    /// <summary>The job's project file.</summary>
    private string _job = "";
    /// <summary>The publishing targets hashed with it.</summary>
    private string _targets = "";

    [SetUp]
    public void CreateProjects()
    {
        _root = Path.Combine(Path.GetTempPath(), "hpc-aothash-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(_root, "Job"));
        Directory.CreateDirectory(Path.Combine(_root, "Lib"));
        _job = Path.Combine(_root, "Job", "Job.csproj");
        File.WriteAllText(_job, "<Project Sdk=\"Microsoft.NET.Sdk\"><ItemGroup><ProjectReference Include=\"../Lib/Lib.csproj\" /></ItemGroup></Project>");
        File.WriteAllText(Path.Combine(_root, "Job", "Program.cs"), "System.Console.WriteLine(Lib.Text);");
        File.WriteAllText(Path.Combine(_root, "Lib", "Lib.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        File.WriteAllText(Path.Combine(_root, "Lib", "Lib.cs"), "public static class Lib { public const string Text = \"a\"; }");
        _targets = Path.Combine(_root, "StaticPie.targets");
        File.WriteAllText(_targets, "<Project />");
    }

    [TearDown]
    public void RemoveProjects() => Directory.Delete(_root, recursive: true);

    [Test]
    public void Of_BuildOutputsChange_SameHash()
    {
        string before = AotSourceHash.Of(_job, _targets);
        Directory.CreateDirectory(Path.Combine(_root, "Job", "bin", "aot", before));
        File.WriteAllText(Path.Combine(_root, "Job", "bin", "aot", before, "Job"), "published");
        Directory.CreateDirectory(Path.Combine(_root, "Lib", "obj"));
        File.WriteAllText(Path.Combine(_root, "Lib", "obj", "project.assets.json"), "{}");
        File.SetLastWriteTimeUtc(Path.Combine(_root, "Job", "Program.cs"), DateTime.UtcNow.AddMinutes(5));

        Assert.That(AotSourceHash.Of(_job, _targets), Is.EqualTo(before));
    }

    [TestCase("Job/Program.cs")]
    [TestCase("Lib/Lib.cs")]
    [TestCase("StaticPie.targets")]
    public void Of_AnInputChanges_NewHash(string file)
    {
        string before = AotSourceHash.Of(_job, _targets);
        File.AppendAllText(Path.Combine(_root, file), "\n// changed\n");

        Assert.That(AotSourceHash.Of(_job, _targets), Is.Not.EqualTo(before));
    }

    [Test]
    public void Of_NewSourceFileOrPropsAbove_NewHash()
    {
        string before = AotSourceHash.Of(_job, _targets);
        File.WriteAllText(Path.Combine(_root, "Job", "More.cs"), "");
        string withFile = AotSourceHash.Of(_job, _targets);
        File.WriteAllText(Path.Combine(_root, "Directory.Build.props"), "<Project />");

        Assert.That(new[] { before, withFile, AotSourceHash.Of(_job, _targets) }, Is.Unique);
    }

    [Test]
    public void Of_FolderNamedByPropsAbove_ItsFilesCount()
    {
        Directory.CreateDirectory(Path.Combine(_root, "Shared"));
        File.WriteAllText(Path.Combine(_root, "Shared", "Protocol.cs"), "// v1");
        File.WriteAllText(Path.Combine(_root, "Directory.Build.props"),
            "<Project><PropertyGroup><SharedSource>$(MSBuildThisFileDirectory)Shared/</SharedSource></PropertyGroup></Project>");
        string before = AotSourceHash.Of(_job, _targets);
        File.WriteAllText(Path.Combine(_root, "Shared", "Protocol.cs"), "// v2");

        Assert.That(AotSourceHash.Of(_job, _targets), Is.Not.EqualTo(before));
    }
}
