using Hpc.Proxy.Files;
using Hpc.Protocol;

namespace Hpc.Proxy.Tests.Files;

/// <summary>Path operations inside the roots: mkdir, readdir, rename, unlink, rmdir, stat.</summary>
[TestFixture]
internal sealed class ConfinedFileSystemPathTests : ConfinedFileSystemTestBase
{
    /// <summary>The path operations do what they say on real directories.</summary>
    [Test]
    public void MkdirReadDirRenameUnlinkRmdir_Sequence_ChangesTheDisk()
    {
        Assert.That(Fs.Mkdir(Owner, "work", 0x1ED), Is.Zero);
        Assert.That(Fs.Mkdir(Owner, "work", 0x1ED), Is.EqualTo(-LinuxErrno.EEXIST));
        Assert.That(Fs.Mkdir(Owner, "work/sub/deeper", 0x1ED), Is.EqualTo(-LinuxErrno.ENOENT));
        Assert.That(Fs.Mkdir(Owner, "work/sub/", 0x1ED), Is.Zero, "a trailing slash is fine for mkdir");
        Fs.Close(Owner, OpenOk("work/a.txt", JobOpenFlags.WriteOnly | JobOpenFlags.Create, 0x1A4));
        File.CreateSymbolicLink(Path.Combine(Rw, "work", "link"), "a.txt");

        var entries = new List<HostDirEntry> { new("kept", HostFileType.Other) };
        Assert.That(Fs.ReadDir(Owner, "work", entries), Is.EqualTo(3));
        Assert.That(entries[0], Is.EqualTo(new HostDirEntry("kept", HostFileType.Other)), "ReadDir appends");
        Assert.That(entries.Skip(1), Is.EquivalentTo(new[]
        {
            new HostDirEntry("sub", HostFileType.Directory),
            new HostDirEntry("a.txt", HostFileType.File),
            new HostDirEntry("link", HostFileType.Symlink),
        }));

        Assert.That(Fs.Rename(Owner, "work/a.txt", "work/sub/b.txt"), Is.Zero);
        Assert.That(File.Exists(Path.Combine(Rw, "work", "sub", "b.txt")), Is.True);
        Assert.That(File.Exists(Path.Combine(Rw, "work", "a.txt")), Is.False);
        Assert.That(Fs.Rename(Owner, "work/a.txt", "work/c.txt"), Is.EqualTo(-LinuxErrno.ENOENT));

        Assert.That(Fs.Rmdir(Owner, "work/sub"), Is.EqualTo(-LinuxErrno.ENOTEMPTY));
        Assert.That(Fs.Unlink(Owner, "work/sub"), Is.EqualTo(-LinuxErrno.EISDIR));
        Assert.That(Fs.Rmdir(Owner, "work/sub/b.txt"), Is.EqualTo(-LinuxErrno.ENOTDIR));
        Assert.That(Fs.Unlink(Owner, "work/sub/b.txt/"), Is.EqualTo(-LinuxErrno.ENOTDIR));
        Assert.That(Fs.Unlink(Owner, "work/sub/b.txt"), Is.Zero);
        Assert.That(Fs.Unlink(Owner, "work/sub/b.txt"), Is.EqualTo(-LinuxErrno.ENOENT));
        Assert.That(Fs.Rmdir(Owner, Path.Combine(Rw, "work", "sub") + "/"), Is.Zero);
        Assert.That(Fs.Unlink(Owner, "work/link"), Is.Zero);

        Assert.That(Directory.GetFileSystemEntries(Path.Combine(Rw, "work")), Is.Empty);
    }

    /// <summary>Special mode bits are dropped from mkdir.</summary>
    [Test]
    public void Mkdir_Mode_IsMaskedTo0777()
    {
        Assert.That(Fs.Mkdir(Owner, "m", 0x7FFF), Is.Zero);

        Assert.That(Fs.Stat(Owner, "m", out HostFileStat stat), Is.Zero);
        Assert.That(stat.Type, Is.EqualTo(HostFileType.Directory));
        Assert.That(stat.Mode & 0xE00, Is.Zero, "no setuid, setgid or sticky bit");
    }

    /// <summary>Renames between writable roots work; into a read-only root they do not.</summary>
    [Test]
    public void Rename_AcrossRoots_ToReadOnlyIsEaccesBetweenWritableWorks()
    {
        string second = Directory.CreateDirectory(Path.Combine(Top, "rw2")).FullName;
        using var roots = new FileRoots([(Rw, true), (second, true), (Ro, false)], Rw);
        using var fs = new ConfinedFileSystem(roots);
        File.WriteAllText(Path.Combine(Rw, "f"), "f");

        Assert.That(fs.Rename(Owner, "f", Path.Combine(Ro, "f")), Is.EqualTo(-LinuxErrno.EACCES));
        Assert.That(fs.Rename(Owner, "f", Path.Combine(second, "g")), Is.Zero, "same file system, both writable");
        Assert.That(File.ReadAllText(Path.Combine(second, "g")), Is.EqualTo("f"));
    }

    /// <summary>Roots cannot be removed, renamed or recreated.</summary>
    [Test]
    public void Roots_Themselves_CannotBeRemovedOrRenamed()
    {
        Assert.That(Fs.Rmdir(Owner, Rw), Is.EqualTo(-LinuxErrno.EBUSY));
        Assert.That(Fs.Rmdir(Owner, "."), Is.EqualTo(-LinuxErrno.EINVAL));
        Assert.That(Fs.Unlink(Owner, Rw), Is.EqualTo(-LinuxErrno.EISDIR));
        Assert.That(Fs.Mkdir(Owner, Rw, 0x1ED), Is.EqualTo(-LinuxErrno.EEXIST));
        Assert.That(Fs.Rename(Owner, Rw, "x"), Is.EqualTo(-LinuxErrno.EBUSY));
        Fs.Close(Owner, OpenOk("x", JobOpenFlags.WriteOnly | JobOpenFlags.Create, 0x1A4));
        Assert.That(Fs.Rename(Owner, "x", Rw + "/"), Is.EqualTo(-LinuxErrno.EBUSY));

        Assert.That(Directory.Exists(Rw), Is.True);
    }

    /// <summary>A name ending in . or .. cannot be created, removed or renamed.</summary>
    [TestCase("d/.")]
    [TestCase("d/..")]
    [TestCase("..")]
    public void ChangeOps_LastComponentDotOrDotDot_AreEinval(string path)
    {
        Directory.CreateDirectory(Path.Combine(Rw, "d"));

        Assert.That(Fs.Rmdir(Owner, path), Is.EqualTo(path == ".." ? -LinuxErrno.EACCES : -LinuxErrno.EINVAL));
        Assert.That(Fs.Mkdir(Owner, "d/.", 0x1ED), Is.EqualTo(-LinuxErrno.EINVAL));
        Assert.That(Fs.Unlink(Owner, "d/.."), Is.EqualTo(-LinuxErrno.EINVAL));
        Assert.That(Fs.Rename(Owner, "d/.", "e"), Is.EqualTo(-LinuxErrno.EINVAL));
        Assert.That(Directory.Exists(Path.Combine(Rw, "d")), Is.True);
    }

    /// <summary>Stat and ReadDir accept . and .. paths.</summary>
    [Test]
    public void StatReadDir_DotPaths_NameTheDirectory()
    {
        Directory.CreateDirectory(Path.Combine(Rw, "d"));
        var entries = new List<HostDirEntry>();

        Assert.That(Fs.Stat(Owner, "d/.", out HostFileStat dot), Is.Zero);
        Assert.That(Fs.Stat(Owner, "d/sub/..", out _), Is.Zero, "lexical: d/sub/.. is d even if sub is missing");
        Assert.That(Fs.Stat(Owner, ".", out HostFileStat root), Is.Zero);
        Assert.That(Fs.ReadDir(Owner, ".", entries), Is.EqualTo(1));
        Assert.That(entries, Is.EqualTo(new[] { new HostDirEntry("d", HostFileType.Directory) }));
        Assert.That(dot.Type, Is.EqualTo(HostFileType.Directory));
        Assert.That(root.Inode, Is.Not.EqualTo(dot.Inode));
    }

    /// <summary>ReadDir of a file or a missing path fails cleanly.</summary>
    [Test]
    public void ReadDir_NotADirectoryOrMissing_FailsAndLeavesListAlone()
    {
        File.WriteAllText(Path.Combine(Rw, "f"), "");
        var entries = new List<HostDirEntry> { new("kept", HostFileType.File) };

        Assert.That(Fs.ReadDir(Owner, "f", entries), Is.EqualTo(-LinuxErrno.ENOTDIR));
        Assert.That(Fs.ReadDir(Owner, "missing", entries), Is.EqualTo(-LinuxErrno.ENOENT));
        Assert.That(entries, Has.Count.EqualTo(1));
    }

    /// <summary>A directory beyond the entry cap is E2BIG; the list is untouched.</summary>
    [Test]
    public void ReadDir_MoreThanTheCap_IsE2bigAndLeavesListAlone()
    {
        string dir = Directory.CreateDirectory(Path.Combine(Rw, "many")).FullName;
        for (int i = 0; i < 1000; i++)
        {
            File.WriteAllText(Path.Combine(dir, $"file-with-a-longish-name-{i:D4}"), "");
        }

        using var capped = new ConfinedFileSystem(Roots, maxDirectoryEntries: 999);
        using var exact = new ConfinedFileSystem(Roots, maxDirectoryEntries: 1000);
        var entries = new List<HostDirEntry>();

        Assert.That(capped.ReadDir(Owner, "many", entries), Is.EqualTo(-LinuxErrno.E2BIG));
        Assert.That(entries, Is.Empty);
        Assert.That(exact.ReadDir(Owner, "many", entries), Is.EqualTo(1000), "more than one getdents64 buffer");
        Assert.That(entries.Select(e => e.Name).Distinct().Count(), Is.EqualTo(1000));
    }

    /// <summary>Stat follows an in-root link; LStat reports the link.</summary>
    [Test]
    public void Stat_FollowsInRootLinkAndLStatDoesNot()
    {
        File.WriteAllText(Path.Combine(Rw, "t.txt"), "12345");
        File.CreateSymbolicLink(Path.Combine(Rw, "l"), "t.txt");

        Assert.That(Fs.Stat(Owner, "l", out HostFileStat followed), Is.Zero);
        Assert.That(Fs.LStat(Owner, "l", out HostFileStat link), Is.Zero);

        Assert.That(followed.Type, Is.EqualTo(HostFileType.File));
        Assert.That(followed.Size, Is.EqualTo(5));
        Assert.That(link.Type, Is.EqualTo(HostFileType.Symlink));
        Assert.That(Fs.Stat(Owner, "missing", out _), Is.EqualTo(-LinuxErrno.ENOENT));
    }

    /// <summary>
    /// ReadLink gives a link's text (not what it names, which may be outside), cut to the buffer; a file or a root is
    /// EINVAL, a link in a read-only root is readable, and any name outside every root is EACCES.
    /// </summary>
    [Test]
    public void ReadLink_LinksInsideTheRoots_TextCutToTheBufferOthersRefused()
    {
        File.CreateSymbolicLink(Path.Combine(Rw, "out"), Path.Combine(Outside, "secret.txt"));
        File.CreateSymbolicLink(Path.Combine(Ro, "rel"), "data.txt");
        Span<byte> text = stackalloc byte[256];

        int length = Fs.ReadLink(Owner, "out", text);
        Assert.That(System.Text.Encoding.UTF8.GetString(text[..Math.Max(0, length)]), Is.EqualTo(Path.Combine(Outside, "secret.txt")));
        Assert.That(Fs.ReadLink(Owner, "out", text[..4]), Is.EqualTo(4), "cut to the buffer, as readlink");
        Assert.That(Fs.ReadLink(Owner, Path.Combine(Ro, "rel"), text), Is.EqualTo("data.txt".Length));
        Assert.That(Fs.ReadLink(Owner, Path.Combine(Ro, "data.txt"), text), Is.EqualTo(-LinuxErrno.EINVAL));
        Assert.That(Fs.ReadLink(Owner, Rw, text), Is.EqualTo(-LinuxErrno.EINVAL));
        Assert.That(Fs.ReadLink(Owner, "missing", text), Is.EqualTo(-LinuxErrno.ENOENT));
        Assert.That(Fs.ReadLink(Owner, Path.Combine(Outside, "secret.txt"), text), Is.EqualTo(-LinuxErrno.EACCES));
    }
}
