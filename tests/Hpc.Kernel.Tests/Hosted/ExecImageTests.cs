using Hpc.Hosted;
using NUnit.Framework;

namespace Hpc.Kernel.Tests.Hosted;

/// <summary>The re-exec image is this process again: its executable, its argv, its environment plus overrides.</summary>
[TestFixture]
public sealed class ExecImageTests
{
    /// <summary>The executable is a real file (so the process keeps its name), the same one /proc/self/exe opens.</summary>
    [Test]
    public void Executable_OfTestHost_IsTheFileBehindProcSelfExe()
    {
        string executable = ExecImage.Executable();

        Assert.That(executable, Does.StartWith("/").And.Not.EndWith("(deleted)"));
        Assert.That(File.ReadAllBytes(executable), Is.EqualTo(File.ReadAllBytes(ExecImage.SelfExecutable)));
    }

    /// <summary>The argv is the kernel's: the runtime's own arguments are its tail, with no empty entry from the last NUL.</summary>
    [Test]
    public void CommandLine_OfTestHost_EndsWithTheRuntimeArguments()
    {
        string[] argv = ExecImage.CommandLine();
        string[] runtimeArguments = Environment.GetCommandLineArgs()[1..];

        Assert.That(argv.Length, Is.GreaterThan(runtimeArguments.Length));
        Assert.That(argv[^runtimeArguments.Length..], Is.EqualTo(runtimeArguments));
    }

    /// <summary>An override replaces an inherited variable rather than adding a second entry.</summary>
    [Test]
    public void OfSelf_OverrideOfInheritedVariable_AppearsOnceWithNewValue()
    {
        const string Name = "HPC_EXEC_IMAGE_TEST";
        Environment.SetEnvironmentVariable(Name, "inherited");
        try
        {
            using ExecImage image = ExecImage.OfSelf(new Dictionary<string, string> { [Name] = "override" });

            Assert.That(image.Environment.Where(e => e.StartsWith(Name + "=", StringComparison.Ordinal)), Is.EqualTo(new[] { Name + "=override" }));
            Assert.That(image.Environment, Does.Contain("PATH=" + Environment.GetEnvironmentVariable("PATH")));
            Assert.That(image.Arguments, Is.EqualTo(ExecImage.CommandLine()));
        }
        finally
        {
            Environment.SetEnvironmentVariable(Name, null);
        }
    }
}
