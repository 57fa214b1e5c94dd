using Hpc.Proxy.Files;
using Hpc.Protocol;

namespace Hpc.Proxy.Tests.Files;

/// <summary>Nothing outside the roots can be reached: <c>..</c>, absolute paths, symlinks, magic links, read-only roots.</summary>
[TestFixture]
internal sealed class ConfinedFileSystemConfinementTests : ConfinedFileSystemTestBase
{
    /// <summary>O_WRONLY | O_CREAT | O_TRUNC.</summary>
    private const int CreateForWrite = JobOpenFlags.WriteOnly | JobOpenFlags.Create | JobOpenFlags.Truncate;

    /// <summary>Climbing out with .. is EACCES for every operation.</summary>
    [TestCase("../outside/secret.txt")]
    [TestCase("../outside/new.txt")]
    [TestCase("../../outside/new.txt")]
    [TestCase("sub/../../outside/new.txt")]
    [TestCase("../rw/../outside/new.txt")]
    public void Open_DotDotOutOfRoots_IsEaccesAndCreatesNothing(string path)
    {
        Directory.CreateDirectory(Path.Combine(Rw, "sub"));

        Assert.That(Fs.Open(Owner, path, CreateForWrite, 0x1A4), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(Fs.Open(Owner, path, JobOpenFlags.ReadOnly, 0), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(Fs.Stat(Owner, path, out _), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(Fs.Mkdir(Owner, path, 0x1ED), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(Fs.Unlink(Owner, path), Is.EqualTo(-LinuxErrno.EACCES));
    }

    /// <summary>Absolute paths outside every root are EACCES.</summary>
    [Test]
    public void PathOps_AbsoluteOutside_AreEacces()
    {
        string secret = Path.Combine(Outside, "secret.txt");

        Assert.That(Fs.Open(Owner, secret, JobOpenFlags.ReadOnly, 0), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(Fs.Open(Owner, secret, JobOpenFlags.WriteOnly | JobOpenFlags.Truncate, 0), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(Fs.Stat(Owner, secret, out _), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(Fs.LStat(Owner, secret, out _), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(Fs.Unlink(Owner, secret), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(Fs.Rename(Owner, secret, "stolen.txt"), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(Fs.Rename(Owner, Path.Combine(Ro, "..", "rw", "x"), secret), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(Fs.ReadDir(Owner, Outside, []), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(Fs.ReadDir(Owner, "/", []), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(Fs.Mkdir(Owner, Path.Combine(Outside, "d"), 0x1ED), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(Fs.Rmdir(Owner, Outside), Is.EqualTo(-LinuxErrno.EACCES));
    }

    /// <summary>A sibling whose name extends a root's is not inside it.</summary>
    [Test]
    public void PathOps_RootPrefixWithoutSeparator_AreEacces()
    {
        // "/tmp/x/rw-evil" starts with the string "/tmp/x/rw" but is not inside it.
        string sibling = Directory.CreateDirectory(Rw + "-evil").FullName;

        Assert.That(Fs.Open(Owner, Path.Combine(sibling, "f"), CreateForWrite, 0x1A4), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(Fs.ReadDir(Owner, sibling, []), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(Directory.GetFileSystemEntries(sibling), Is.Empty);
    }

    /// <summary>Absolute paths inside a root work.</summary>
    [Test]
    public void Open_AbsoluteInsideRoot_Works()
    {
        int handle = OpenOk(Path.Combine(Rw, "abs.txt"), CreateForWrite);
        Assert.That(Fs.Write(Owner, handle, "x"u8), Is.EqualTo(1));

        Assert.That(File.ReadAllText(Path.Combine(Rw, "abs.txt")), Is.EqualTo("x"));
        Assert.That(ReadAllThrough(Path.Combine(Ro, "data.txt")), Is.EqualTo(DataText));
        Assert.That(ReadAllThrough("//" + Ro + "/./sub/../data.txt"), Is.EqualTo(DataText));
    }

    /// <summary>Links leading out of the root are EACCES for every operation.</summary>
    [TestCase(true)]
    [TestCase(false)]
    public void SymlinkLeadingOut_OpenStatReadDir_AreEacces(bool absoluteTarget)
    {
        string target = absoluteTarget ? Outside : "../outside";
        File.CreateSymbolicLink(Path.Combine(Rw, "out"), target);
        File.CreateSymbolicLink(Path.Combine(Rw, "secret"), absoluteTarget ? Path.Combine(Outside, "secret.txt") : "../outside/secret.txt");

        Assert.That(Fs.Open(Owner, "secret", JobOpenFlags.ReadOnly, 0), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(Fs.Open(Owner, "secret", JobOpenFlags.WriteOnly | JobOpenFlags.Truncate, 0), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(Fs.Open(Owner, "out/secret.txt", JobOpenFlags.ReadOnly, 0), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(Fs.Open(Owner, "out/new.txt", CreateForWrite, 0x1A4), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(Fs.Stat(Owner, "secret", out _), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(Fs.Stat(Owner, "out", out _), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(Fs.Stat(Owner, "out/secret.txt", out _), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(Fs.LStat(Owner, "out/", out _), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(Fs.ReadDir(Owner, "out", []), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(Fs.ReadDir(Owner, "out/", []), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(Fs.Mkdir(Owner, "out/d", 0x1ED), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(Fs.Unlink(Owner, "out/secret.txt"), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(Fs.Rename(Owner, "out/secret.txt", "mine.txt"), Is.EqualTo(-LinuxErrno.EACCES));
    }

    /// <summary>A link leading out can still be inspected and removed as a link.</summary>
    [Test]
    public void SymlinkItself_LStatAndUnlink_ActOnTheLinkOnly()
    {
        File.CreateSymbolicLink(Path.Combine(Rw, "secret"), Path.Combine(Outside, "secret.txt"));

        Assert.That(Fs.LStat(Owner, "secret", out HostFileStat stat), Is.Zero);
        Assert.That(stat.Type, Is.EqualTo(HostFileType.Symlink));
        Assert.That(Fs.Unlink(Owner, "secret"), Is.Zero);
        Assert.That(Path.Exists(Path.Combine(Rw, "secret")), Is.False);
    }

    /// <summary>O_CREAT through a dangling link to outside creates nothing there.</summary>
    [Test]
    public void DanglingSymlinkLeadingOut_CreateThroughIt_IsEaccesAndCreatesNothing()
    {
        File.CreateSymbolicLink(Path.Combine(Rw, "trap"), "../outside/created.txt");
        File.CreateSymbolicLink(Path.Combine(Rw, "trap-abs"), Path.Combine(Outside, "created.txt"));

        Assert.That(Fs.Open(Owner, "trap", CreateForWrite, 0x1A4), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(Fs.Open(Owner, "trap-abs", CreateForWrite, 0x1A4), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(Fs.Mkdir(Owner, "trap", 0x1ED), Is.EqualTo(-LinuxErrno.EEXIST), "mkdir never follows the last name");
    }

    /// <summary>Relative links that stay inside the root work.</summary>
    [Test]
    public void SymlinkStayingInside_OpenStatReadDir_Work()
    {
        Directory.CreateDirectory(Path.Combine(Rw, "real"));
        File.WriteAllText(Path.Combine(Rw, "real", "f.txt"), "inside");
        File.CreateSymbolicLink(Path.Combine(Rw, "dir-link"), "real");
        File.CreateSymbolicLink(Path.Combine(Rw, "real", "up-link"), "../real/f.txt");
        File.CreateSymbolicLink(Path.Combine(Rw, "abs-link"), Path.Combine(Rw, "real", "f.txt"));

        Assert.That(ReadAllThrough("dir-link/f.txt"), Is.EqualTo("inside"));
        Assert.That(ReadAllThrough("real/up-link"), Is.EqualTo("inside"), "a relative .. link that stays inside is fine");
        Assert.That(Fs.Stat(Owner, "dir-link", out HostFileStat stat), Is.Zero);
        Assert.That(stat.Type, Is.EqualTo(HostFileType.Directory));
        var entries = new List<HostDirEntry>();
        Assert.That(Fs.ReadDir(Owner, "dir-link", entries), Is.EqualTo(2));
        Assert.That(entries, Is.EquivalentTo(new[] { new HostDirEntry("f.txt", HostFileType.File), new HostDirEntry("up-link", HostFileType.Symlink) }));

        // RESOLVE_BENEATH refuses absolute links even when they point back inside: documented behaviour.
        Assert.That(Fs.Open(Owner, "abs-link", JobOpenFlags.ReadOnly, 0), Is.EqualTo(-LinuxErrno.EACCES));
    }

    /// <summary>O_NOFOLLOW refuses a final symlink.</summary>
    [Test]
    public void Open_NoFollowOnSymlink_IsEloop()
    {
        File.WriteAllText(Path.Combine(Rw, "t"), "");
        File.CreateSymbolicLink(Path.Combine(Rw, "l"), "t");

        Assert.That(Fs.Open(Owner, "l", JobOpenFlags.NoFollow, 0), Is.EqualTo(-LinuxErrno.ELOOP));
        Assert.That(Fs.Open(Owner, "t", JobOpenFlags.NoFollow, 0), Is.GreaterThanOrEqualTo(0));
    }

    /// <summary>Even with /proc as a root, its magic links are refused.</summary>
    [Test]
    public void MagicLinks_UnderProcRoot_AreNeverFollowed()
    {
        using var roots = new FileRoots([("/proc", false)], "/proc");
        using var fs = new ConfinedFileSystem(roots);
        string[] magic = ["/proc/self/root/etc/hostname", "/proc/self/cwd", "/proc/self/exe", "/proc/thread-self/root/", "self/root"];

        foreach (string path in magic)
        {
            int result = fs.Open(Owner, path, JobOpenFlags.ReadOnly, 0);
            Assert.That(result, Is.EqualTo(-LinuxErrno.ELOOP), path);
            Assert.That(fs.Stat(Owner, path, out _), Is.EqualTo(result), path);
        }

        Assert.That(fs.Stat(Owner, "/proc/self/status", out _), Is.Zero, "the plain /proc/self link stays inside");
    }

    /// <summary>Every kind of change in a read-only root is EACCES.</summary>
    [Test]
    public void ReadOnlyRoot_EveryChange_IsEaccesAndNothingChanges()
    {
        File.CreateSymbolicLink(Path.Combine(Rw, "ro-link"), "../ro");
        string data = Path.Combine(Ro, "data.txt");

        Assert.That(Fs.Open(Owner, data, JobOpenFlags.WriteOnly, 0), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(Fs.Open(Owner, data, JobOpenFlags.ReadWrite, 0), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(Fs.Open(Owner, data, JobOpenFlags.ReadOnly | JobOpenFlags.Truncate, 0), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(Fs.Open(Owner, Path.Combine(Ro, "new"), JobOpenFlags.ReadOnly | JobOpenFlags.Create, 0x1A4), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(Fs.Mkdir(Owner, Path.Combine(Ro, "d"), 0x1ED), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(Fs.Unlink(Owner, data), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(Fs.Rename(Owner, data, "stolen.txt"), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(Fs.Rename(Owner, "x", Path.Combine(Ro, "data.txt")), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(Fs.Rmdir(Owner, Ro), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(Fs.Open(Owner, "ro-link/data.txt", JobOpenFlags.WriteOnly, 0), Is.EqualTo(-LinuxErrno.EACCES), "a link from rw to a sibling root leaves rw");

        Assert.That(ReadAllThrough(data), Is.EqualTo(DataText));
        Assert.That(Directory.GetFileSystemEntries(Ro), Is.EqualTo(new[] { data }));
    }

    /// <summary>A read-only root inside a writable one cannot be written through the outer one.</summary>
    [Test]
    public void ReadOnlyRootNestedInWritable_WritesThroughOuterRoot_AreEacces()
    {
        string inner = Directory.CreateDirectory(Path.Combine(Rw, "inputs")).FullName;
        File.WriteAllText(Path.Combine(inner, "in.txt"), "keep");
        File.CreateSymbolicLink(Path.Combine(Rw, "alias"), "inputs");
        File.WriteAllText(Path.Combine(Rw, "plain.txt"), "");
        File.CreateSymbolicLink(Path.Combine(Rw, "plain-link"), "plain.txt");
        using var roots = new FileRoots([(Rw, true), (inner, false)], Rw);
        using var fs = new ConfinedFileSystem(roots);

        Assert.That(fs.Open(Owner, "inputs/in.txt", JobOpenFlags.WriteOnly | JobOpenFlags.Truncate, 0), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(fs.Open(Owner, "alias/in.txt", JobOpenFlags.WriteOnly | JobOpenFlags.Truncate, 0), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(fs.Open(Owner, "alias/new.txt", CreateForWrite, 0x1A4), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(fs.Unlink(Owner, "alias/in.txt"), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(fs.Rename(Owner, "inputs", "moved"), Is.EqualTo(-LinuxErrno.EACCES), "the root itself is read-only");
        Assert.That(fs.Rmdir(Owner, "inputs"), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(fs.Open(Owner, "plain-link", JobOpenFlags.WriteOnly, 0), Is.EqualTo(-LinuxErrno.EACCES), "writes walk no symlinks here");

        Assert.That(fs.Open(Owner, "alias/in.txt", JobOpenFlags.ReadOnly, 0), Is.GreaterThanOrEqualTo(0), "reads still follow links");
        Assert.That(fs.Open(Owner, "out.txt", CreateForWrite, 0x1A4), Is.GreaterThanOrEqualTo(0), "the rest of rw stays writable");
        Assert.That(File.ReadAllText(Path.Combine(inner, "in.txt")), Is.EqualTo("keep"));
        Assert.That(Directory.GetFileSystemEntries(inner), Has.Length.EqualTo(1));
    }
}
