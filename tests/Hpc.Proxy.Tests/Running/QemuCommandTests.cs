using Hpc.Proxy.Running.Metal;

namespace Hpc.Proxy.Tests.Running;

/// <summary>The kernel command line a metal isle boots with.</summary>
[TestFixture]
public sealed class QemuCommandTests
{
    [Test]
    public void Arguments_WorkingDirectoryWithSpaceAndPercent_GoesEscapedBeforeTheJobArguments()
    {
        List<string> arguments = QemuCommand.Arguments("image.elf", 2, 1, 128L << 20, "/dev/shm/hpc-x", 1 << 20, kvm: false, ["files", "x"], workingDirectory: "/tmp/a b%c/ü");
        string line = arguments[arguments.IndexOf("-append") + 1];
        Assert.That(line, Is.EqualTo("isle=2 cwd=/tmp/a%20b%25c/ü -- files x"));
    }

    [Test]
    public void Arguments_NoWorkingDirectory_OnlyTheIsle()
    {
        List<string> arguments = QemuCommand.Arguments("image.elf", 0, 1, 128L << 20, "/dev/shm/hpc-x", 1 << 20, kvm: false, []);
        Assert.That(arguments[arguments.IndexOf("-append") + 1], Is.EqualTo("isle=0"));
    }

    [TestCase("/plain/path", "/plain/path")]
    [TestCase("/tab\there", "/tab%09here")]
    [TestCase("/100%", "/100%25")]
    public void EscapeWorkingDirectory_OnlySpacePercentAndControlCharacters(string directory, string expected) =>
        Assert.That(QemuCommand.EscapeWorkingDirectory(directory), Is.EqualTo(expected));
}
