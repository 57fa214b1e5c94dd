using Hpc.Proxy.Files;
using Hpc.Protocol;

namespace Hpc.Proxy.Tests.Files;

/// <summary>Construction of <see cref="FileRoots"/>: normalization, skipped roots, root choice and disposal.</summary>
[TestFixture]
internal sealed class FileRootsTests
{
    /// <summary>Temp directory of the current test.</summary>
    private string _top = "";

    /// <summary>Creates the temp directory.</summary>
    [SetUp]
    public void CreateTop() => _top = Directory.CreateTempSubdirectory("hpc-roots-").FullName;

    /// <summary>Removes the temp directory.</summary>
    [TearDown]
    public void RemoveTop() => Directory.Delete(_top, recursive: true);

    /// <summary>Roots that cannot be served are skipped with the reason.</summary>
    [Test]
    public void Constructor_MissingFileDuplicateRoots_AreSkippedAndListed()
    {
        string good = Directory.CreateDirectory(Path.Combine(_top, "good")).FullName;
        string file = Path.Combine(_top, "file");
        File.WriteAllText(file, "");

        using var roots = new FileRoots(
            [(good + "/", true), (Path.Combine(_top, "missing"), false), (file, false), ("good/./", false)], _top + "/x/..");

        Assert.That(roots.WorkingDirectory, Is.EqualTo(_top));
        Assert.That(roots.Roots, Is.EqualTo(new[] { new FileRoot(good, true) }));
        Assert.That(roots.Skipped, Is.EqualTo(new[]
        {
            new SkippedFileRoot(new FileRoot(Path.Combine(_top, "missing"), false), LinuxErrno.ENOENT),
            new SkippedFileRoot(new FileRoot(file, false), LinuxErrno.ENOTDIR),
            new SkippedFileRoot(new FileRoot(good, false), LinuxErrno.EEXIST),
        }));
    }

    /// <summary>Configuration errors are exceptions, unlike job input.</summary>
    [Test]
    public void Constructor_BadArguments_Throw()
    {
        Assert.Throws<ArgumentException>(() => new FileRoots([], "relative"));
        Assert.Throws<ArgumentException>(() => new FileRoots([], ""));
        Assert.Throws<ArgumentException>(() => new FileRoots([("a\0b", true)], _top));
        Assert.Throws<ArgumentException>(() => new FileRoots([("", true)], _top));
        Assert.Throws<ArgumentNullException>(() => new FileRoots(null!, _top));
    }

    /// <summary>The innermost root holding a path is chosen.</summary>
    [Test]
    public void Resolve_NestedRoots_PicksTheMostSpecific()
    {
        string outer = Directory.CreateDirectory(Path.Combine(_top, "outer")).FullName;
        string inner = Directory.CreateDirectory(Path.Combine(outer, "inner")).FullName;
        using var roots = new FileRoots([(inner, false), (outer, true)], outer);

        Assert.That(roots.Resolve("inner/x/y", out RootedPath deep), Is.Zero);
        Assert.That(roots.Resolve("inner", out RootedPath top), Is.Zero);
        Assert.That(roots.Resolve("other/../z/", out RootedPath z), Is.Zero);

        Assert.That((deep.Root.Root.Path, deep.Relative), Is.EqualTo((inner, "x/y")));
        Assert.That((top.Root.Root.Path, top.IsRoot, top.KernelPath), Is.EqualTo((inner, true, ".")));
        Assert.That((z.Root.Root.Path, z.Relative, z.MustBeDirectory, z.KernelPath, z.LastName), Is.EqualTo((outer, "z", true, "z/", "z/")));
    }

    /// <summary>A root is found by its configured path and by its real path.</summary>
    [Test]
    public void Resolve_RootReachedBySymlinkedPath_MatchesItsRealPathToo()
    {
        string real = Directory.CreateDirectory(Path.Combine(_top, "real")).FullName;
        string alias = Path.Combine(_top, "alias");
        File.CreateSymbolicLink(alias, real);
        using var roots = new FileRoots([(alias, true)], alias);

        Assert.That(roots.Resolve(Path.Combine(real, "f"), out RootedPath byReal), Is.Zero);
        Assert.That(roots.Resolve(Path.Combine(alias, "f"), out RootedPath byAlias), Is.Zero);

        Assert.That(byReal.Relative, Is.EqualTo("f"));
        Assert.That(byAlias.Relative, Is.EqualTo("f"));
        Assert.That(roots.Roots[0].Path, Is.EqualTo(alias));
    }

    /// <summary>A path in no root is EACCES.</summary>
    [Test]
    public void Resolve_OutsideEveryRoot_IsEacces()
    {
        string root = Directory.CreateDirectory(Path.Combine(_top, "root")).FullName;
        using var roots = new FileRoots([(root, true)], _top);

        Assert.That(roots.Resolve("root2/x", out _), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(roots.Resolve("x", out _), Is.EqualTo(-LinuxErrno.EACCES), "the working directory is not a root here");
        Assert.That(roots.Resolve("root/x", out _), Is.Zero);
    }

    /// <summary>Disposing the roots closes their descriptors.</summary>
    [Test]
    public void Dispose_ClosesRootDescriptorsAndLaterUseThrows()
    {
        string root = Directory.CreateDirectory(Path.Combine(_top, "r")).FullName;
        var roots = new FileRoots([(root, true)], root);
        Assert.That(DescriptorsOn(root), Is.EqualTo(1));

        roots.Dispose();

        Assert.That(DescriptorsOn(root), Is.Zero);
        Assert.That(roots.IsDisposed, Is.True);
        Assert.Throws<ObjectDisposedException>(() => roots.Resolve("x", out _));
    }

    /// <summary>How many descriptors of this process name <paramref name="path"/>.</summary>
    private static int DescriptorsOn(string path) =>
        new DirectoryInfo("/proc/self/fd").GetFileSystemInfos().Count(f => f.LinkTarget == path);
}
