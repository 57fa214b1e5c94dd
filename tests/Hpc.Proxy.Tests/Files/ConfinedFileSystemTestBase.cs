using System.Text;
using Hpc.Proxy.Files;

namespace Hpc.Proxy.Tests.Files;

/// <summary>
/// A fresh temp tree per test: <c>rw/</c> (writable root and working directory), <c>ro/</c> (read-only root, holding
/// <c>data.txt</c>) and <c>outside/</c> (no root, holding <c>secret.txt</c>), and a file system over the two roots.
/// After each test, <c>outside/</c> must be exactly as it was.
/// </summary>
internal abstract class ConfinedFileSystemTestBase
{
    /// <summary>Owner (rank) used by most tests.</summary>
    protected const int Owner = 3;

    /// <summary>Content of <c>outside/secret.txt</c>.</summary>
    protected const string SecretText = "secret";

    /// <summary>Content of <c>ro/data.txt</c>.</summary>
    protected const string DataText = "read-only data";

    /// <summary>The temp directory holding the three.</summary>
    protected string Top { get; private set; } = "";

    /// <summary>The writable root (and working directory).</summary>
    protected string Rw { get; private set; } = "";

    /// <summary>The read-only root.</summary>
    protected string Ro { get; private set; } = "";

    /// <summary>A directory that is in no root.</summary>
    protected string Outside { get; private set; } = "";

    /// <summary>The roots under test.</summary>
    protected FileRoots Roots { get; private set; } = null!;

    /// <summary>The file system under test.</summary>
    protected ConfinedFileSystem Fs { get; private set; } = null!;

    /// <summary>Creates the tree and the file system.</summary>
    [SetUp]
    public void CreateTree()
    {
        Top = Directory.CreateTempSubdirectory("hpc-files-").FullName;
        Rw = Directory.CreateDirectory(Path.Combine(Top, "rw")).FullName;
        Ro = Directory.CreateDirectory(Path.Combine(Top, "ro")).FullName;
        Outside = Directory.CreateDirectory(Path.Combine(Top, "outside")).FullName;
        File.WriteAllText(Path.Combine(Outside, "secret.txt"), SecretText);
        File.WriteAllText(Path.Combine(Ro, "data.txt"), DataText);
        Roots = new FileRoots([(Rw, true), (Ro, false)], Rw);
        Fs = new ConfinedFileSystem(Roots);
    }

    /// <summary>Checks nothing outside the roots changed, then removes the tree.</summary>
    [TearDown]
    public void RemoveTree()
    {
        Fs.Dispose();
        Roots.Dispose();
        try
        {
            Assert.That(Directory.GetFileSystemEntries(Outside), Is.EqualTo(new[] { Path.Combine(Outside, "secret.txt") }));
            Assert.That(File.ReadAllText(Path.Combine(Outside, "secret.txt")), Is.EqualTo(SecretText));
        }
        finally
        {
            Directory.Delete(Top, recursive: true);
        }
    }

    /// <summary>Opens and asserts success.</summary>
    protected int OpenOk(string path, int flags, int mode = 0x1A4)
    {
        int handle = Fs.Open(Owner, path, flags, mode);
        Assert.That(handle, Is.GreaterThanOrEqualTo(0), $"open {path}");
        return handle;
    }

    /// <summary>Reads a whole small file through the file system.</summary>
    protected string ReadAllThrough(string path)
    {
        int handle = OpenOk(path, JobOpenFlags.ReadOnly);
        var buffer = new byte[4096];
        long read = Fs.Read(Owner, handle, buffer);
        Assert.That(read, Is.GreaterThanOrEqualTo(0));
        Assert.That(Fs.Close(Owner, handle), Is.Zero);
        return Encoding.UTF8.GetString(buffer, 0, (int)read);
    }
}
