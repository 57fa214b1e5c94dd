using System.Text;
using Hpc.Proxy.Files;
using Hpc.Protocol;

namespace Hpc.Proxy.Tests.Files;

/// <summary>Handle operations: open, read, write, seek, stat, close, ownership and caps.</summary>
[TestFixture]
internal sealed class ConfinedFileSystemHandleTests : ConfinedFileSystemTestBase
{
    /// <summary>O_WRONLY | O_CREAT | O_TRUNC.</summary>
    private const int CreateForWrite = JobOpenFlags.WriteOnly | JobOpenFlags.Create | JobOpenFlags.Truncate;

    /// <summary>Handle I/O round trip against the file on disk.</summary>
    [Test]
    public void ReadWriteSeekStat_RoundTrip_SeesTheBytesOnDisk()
    {
        int handle = OpenOk("file.bin", JobOpenFlags.ReadWrite | JobOpenFlags.Create | JobOpenFlags.Exclusive, 0x1A0);

        Assert.That(Fs.Write(Owner, handle, "hello world"u8), Is.EqualTo(11));
        Assert.That(Fs.Seek(Owner, handle, 0, 0), Is.Zero);
        var buffer = new byte[64];
        Assert.That(Fs.Read(Owner, handle, buffer), Is.EqualTo(11));
        Assert.That(Encoding.ASCII.GetString(buffer, 0, 11), Is.EqualTo("hello world"));
        Assert.That(Fs.Read(Owner, handle, buffer), Is.Zero, "at end of file");

        Assert.That(Fs.PWrite(Owner, handle, "W"u8, 6), Is.EqualTo(1));
        Assert.That(Fs.PRead(Owner, handle, buffer.AsSpan(0, 5), 6), Is.EqualTo(5));
        Assert.That(Encoding.ASCII.GetString(buffer, 0, 5), Is.EqualTo("World"));
        Assert.That(Fs.Seek(Owner, handle, 0, 1), Is.EqualTo(11), "pread/pwrite leave the offset alone");
        Assert.That(Fs.Seek(Owner, handle, -5, 2), Is.EqualTo(6));
        Assert.That(Fs.PRead(Owner, handle, buffer, -1), Is.EqualTo(-LinuxErrno.EINVAL));

        Assert.That(Fs.FStat(Owner, handle, out HostFileStat stat), Is.Zero);
        Assert.That(stat.Size, Is.EqualTo(11));
        Assert.That(stat.Type, Is.EqualTo(HostFileType.File));
        Assert.That(stat.Mode & 0x1FF, Is.EqualTo(0x1A0u & ~CurrentUmask()));
        Assert.That(stat.Links, Is.EqualTo(1u));
        var info = new FileInfo(Path.Combine(Rw, "file.bin"));
        Assert.That(stat.ModifiedUnixNanos / 1_000_000, Is.EqualTo(new DateTimeOffset(info.LastWriteTimeUtc).ToUnixTimeMilliseconds()));
        Assert.That(stat.Inode, Is.Not.Zero);

        Assert.That(Fs.Close(Owner, handle), Is.Zero);
        Assert.That(File.ReadAllText(Path.Combine(Rw, "file.bin")), Is.EqualTo("hello World"));
    }

    /// <summary>Truncate and Sync on a writable handle.</summary>
    [Test]
    public void Truncate_WritableHandle_ChangesSize()
    {
        File.WriteAllText(Path.Combine(Rw, "t.txt"), "0123456789");
        int handle = OpenOk("t.txt", JobOpenFlags.ReadWrite);

        Assert.That(Fs.Truncate(Owner, handle, 4), Is.Zero);
        Assert.That(Fs.Sync(Owner, handle), Is.Zero);

        Assert.That(File.ReadAllText(Path.Combine(Rw, "t.txt")), Is.EqualTo("0123"));
    }

    /// <summary>O_APPEND reaches the host.</summary>
    [Test]
    public void Open_AppendFlag_WritesAtEnd()
    {
        File.WriteAllText(Path.Combine(Rw, "log.txt"), "a");
        int handle = OpenOk("log.txt", JobOpenFlags.WriteOnly | JobOpenFlags.Append);

        Assert.That(Fs.Write(Owner, handle, "b"u8), Is.EqualTo(1));
        Assert.That(Fs.Close(Owner, handle), Is.Zero);

        Assert.That(File.ReadAllText(Path.Combine(Rw, "log.txt")), Is.EqualTo("ab"));
    }

    /// <summary>O_CREAT|O_EXCL on an existing file is EEXIST.</summary>
    [Test]
    public void Open_CreateExclusiveTwice_SecondIsEexist()
    {
        int flags = JobOpenFlags.WriteOnly | JobOpenFlags.Create | JobOpenFlags.Exclusive;
        OpenOk("once.txt", flags);

        Assert.That(Fs.Open(Owner, "once.txt", flags, 0x1A4), Is.EqualTo(-LinuxErrno.EEXIST));
    }

    /// <summary>A missing file without O_CREAT is ENOENT.</summary>
    [Test]
    public void Open_MissingWithoutCreate_IsEnoent()
    {
        Assert.That(Fs.Open(Owner, "missing.txt", JobOpenFlags.ReadOnly, 0), Is.EqualTo(-LinuxErrno.ENOENT));
    }

    /// <summary>O_TRUNC empties an existing file.</summary>
    [Test]
    public void Open_TruncateExisting_EmptiesIt()
    {
        File.WriteAllText(Path.Combine(Rw, "full.txt"), "content");

        Fs.Close(Owner, OpenOk("full.txt", CreateForWrite));

        Assert.That(new FileInfo(Path.Combine(Rw, "full.txt")).Length, Is.Zero);
    }

    /// <summary>Flags outside the allowed set are EINVAL and create nothing.</summary>
    [TestCase(0x3)]
    [TestCase(0x4000)]
    [TestCase(0x200000)]
    [TestCase(0x400000)]
    [TestCase(unchecked((int)0x80000000))]
    public void Open_UnsupportedFlags_IsEinval(int flags)
    {
        Assert.That(Fs.Open(Owner, "x", flags | JobOpenFlags.Create, 0x1A4), Is.EqualTo(-LinuxErrno.EINVAL));
        Assert.That(File.Exists(Path.Combine(Rw, "x")), Is.False);
    }

    /// <summary>O_CLOEXEC, O_LARGEFILE, O_NONBLOCK and O_NOCTTY are accepted.</summary>
    [Test]
    public void Open_ToleratedNoOpFlags_Succeeds()
    {
        int flags = JobOpenFlags.ReadOnly | JobOpenFlags.CloseOnExec | JobOpenFlags.LargeFile | JobOpenFlags.NonBlocking
            | JobOpenFlags.NoControllingTerminal;

        Assert.That(Fs.Open(Owner, Path.Combine(Ro, "data.txt"), flags, 0), Is.GreaterThanOrEqualTo(0));
    }

    /// <summary>O_DIRECTORY or a trailing slash on a file is ENOTDIR.</summary>
    [Test]
    public void Open_DirectoryFlagOnFile_IsEnotdir()
    {
        File.WriteAllText(Path.Combine(Rw, "plain"), "");

        Assert.That(Fs.Open(Owner, "plain", JobOpenFlags.Directory, 0), Is.EqualTo(-LinuxErrno.ENOTDIR));
        Assert.That(Fs.Open(Owner, "plain/", JobOpenFlags.ReadOnly, 0), Is.EqualTo(-LinuxErrno.ENOTDIR));
    }

    /// <summary>Opening a directory for writing is EISDIR.</summary>
    [Test]
    public void Open_DirectoryForWrite_IsEisdir()
    {
        Directory.CreateDirectory(Path.Combine(Rw, "d"));

        Assert.That(Fs.Open(Owner, "d", JobOpenFlags.WriteOnly, 0), Is.EqualTo(-LinuxErrno.EISDIR));
    }

    /// <summary>A FIFO without a peer does not block the proxy thread.</summary>
    [Test]
    public void Open_Fifo_DoesNotBlockTheProxy()
    {
        Assert.That(MakeFifo(Path.Combine(Rw, "pipe")), Is.Zero);

        int reader = OpenOk("pipe", JobOpenFlags.ReadOnly);

        Assert.That(Fs.Read(Owner, reader, new byte[8]), Is.Zero, "no writer yet: end of file, never a hang");
        Assert.That(Fs.Open(Owner, "pipe", JobOpenFlags.WriteOnly, 0), Is.GreaterThanOrEqualTo(0), "a reader exists now");
    }

    /// <summary>A rank cannot use another rank's handle.</summary>
    [Test]
    public void Handle_OfAnotherOwner_IsEbadf()
    {
        int handle = OpenOk("../ro/data.txt", JobOpenFlags.ReadOnly);
        var buffer = new byte[8];
        const int Other = Owner + 1;

        Assert.That(Fs.Read(Other, handle, buffer), Is.EqualTo(-LinuxErrno.EBADF));
        Assert.That(Fs.Write(Other, handle, buffer), Is.EqualTo(-LinuxErrno.EBADF));
        Assert.That(Fs.PRead(Other, handle, buffer, 0), Is.EqualTo(-LinuxErrno.EBADF));
        Assert.That(Fs.PWrite(Other, handle, buffer, 0), Is.EqualTo(-LinuxErrno.EBADF));
        Assert.That(Fs.Seek(Other, handle, 0, 0), Is.EqualTo(-LinuxErrno.EBADF));
        Assert.That(Fs.FStat(Other, handle, out _), Is.EqualTo(-LinuxErrno.EBADF));
        Assert.That(Fs.Truncate(Other, handle, 0), Is.EqualTo(-LinuxErrno.EBADF));
        Assert.That(Fs.Sync(Other, handle), Is.EqualTo(-LinuxErrno.EBADF));
        Assert.That(Fs.Close(Other, handle), Is.EqualTo(-LinuxErrno.EBADF));

        Assert.That(Fs.Read(Owner, handle, buffer), Is.EqualTo(8), "still open for its owner");
    }

    /// <summary>Handles never opened are EBADF.</summary>
    [TestCase(-1)]
    [TestCase(int.MinValue)]
    [TestCase(int.MaxValue)]
    [TestCase(7)]
    public void Handle_NegativeOrUnknown_IsEbadf(int handle)
    {
        Assert.That(Fs.Read(Owner, handle, new byte[4]), Is.EqualTo(-LinuxErrno.EBADF));
        Assert.That(Fs.Close(Owner, handle), Is.EqualTo(-LinuxErrno.EBADF));
        Assert.That(Fs.FStat(Owner, handle, out _), Is.EqualTo(-LinuxErrno.EBADF));
    }

    /// <summary>A closed handle is dead, and its number is given out again.</summary>
    [Test]
    public void Handle_AfterClose_IsEbadfAndNumberIsReused()
    {
        int handle = OpenOk("../ro/data.txt", JobOpenFlags.ReadOnly);
        Assert.That(Fs.Close(Owner, handle), Is.Zero);

        Assert.That(Fs.Read(Owner, handle, new byte[4]), Is.EqualTo(-LinuxErrno.EBADF));
        Assert.That(Fs.Close(Owner, handle), Is.EqualTo(-LinuxErrno.EBADF));
        Assert.That(OpenOk("../ro/data.txt", JobOpenFlags.ReadOnly), Is.EqualTo(handle), "lowest free handle first");
    }

    /// <summary>A rank's end closes its handles and no one else's.</summary>
    [Test]
    public void CloseAll_OneOwner_ClosesOnlyItsHandles()
    {
        const int Other = Owner + 1;
        int mine1 = OpenOk("../ro/data.txt", JobOpenFlags.ReadOnly);
        int theirs = Fs.Open(Other, "../ro/data.txt", JobOpenFlags.ReadOnly, 0);
        int mine2 = OpenOk("../ro/data.txt", JobOpenFlags.ReadOnly);
        Assert.That(Fs.OpenHandleCount, Is.EqualTo(3));

        Fs.CloseAll(Owner);

        Assert.That(Fs.OpenHandleCount, Is.EqualTo(1));
        Assert.That(Fs.Read(Owner, mine1, new byte[4]), Is.EqualTo(-LinuxErrno.EBADF));
        Assert.That(Fs.Read(Owner, mine2, new byte[4]), Is.EqualTo(-LinuxErrno.EBADF));
        Assert.That(Fs.Read(Other, theirs, new byte[4]), Is.EqualTo(4));
    }

    /// <summary>The per-owner cap gives EMFILE before any file is created.</summary>
    [Test]
    public void Open_BeyondPerOwnerCap_IsEmfileAndCreatesNothing()
    {
        using var fs = new ConfinedFileSystem(Roots, maxHandlesPerOwner: 5);
        for (int i = 0; i < 5; i++)
        {
            Assert.That(fs.Open(Owner, "../ro/data.txt", JobOpenFlags.ReadOnly, 0), Is.EqualTo(i));
        }

        Assert.That(fs.Open(Owner, "new.txt", CreateForWrite, 0x1A4), Is.EqualTo(-LinuxErrno.EMFILE));
        Assert.That(File.Exists(Path.Combine(Rw, "new.txt")), Is.False);
        Assert.That(fs.Open(Owner + 1, "../ro/data.txt", JobOpenFlags.ReadOnly, 0), Is.EqualTo(5), "other owners have their own cap");

        Assert.That(fs.Close(Owner, 2), Is.Zero);
        Assert.That(fs.Open(Owner, "../ro/data.txt", JobOpenFlags.ReadOnly, 0), Is.EqualTo(2), "room again after a close");
    }

    /// <summary>The documented default caps hold.</summary>
    [Test]
    public void DefaultCaps_AreAsDocumented()
    {
        Assert.That(ConfinedFileSystem.DefaultMaxHandlesPerOwner, Is.EqualTo(1024));
        Assert.That(ConfinedFileSystem.DefaultMaxDirectoryEntries, Is.EqualTo(100_000));
    }

    /// <summary>Disposing the file system closes every host descriptor.</summary>
    [Test]
    public void Dispose_ClosesEveryHandle()
    {
        var fs = new ConfinedFileSystem(Roots);
        fs.Open(Owner, "../ro/data.txt", JobOpenFlags.ReadOnly, 0);
        fs.Open(Owner + 1, "../ro/data.txt", JobOpenFlags.ReadOnly, 0);
        Assert.That(DescriptorsOn(Path.Combine(Ro, "data.txt")), Is.EqualTo(2));

        fs.Dispose();

        Assert.That(DescriptorsOn(Path.Combine(Ro, "data.txt")), Is.Zero);
        Assert.That(fs.OpenHandleCount, Is.Zero);
        Assert.Throws<ObjectDisposedException>(() => fs.Read(Owner, 0, new byte[1]));
    }

    /// <summary>How many descriptors of this process name <paramref name="path"/>.</summary>
    private static int DescriptorsOn(string path) =>
        new DirectoryInfo("/proc/self/fd").GetFileSystemInfos().Count(f => f.LinkTarget == path);

    /// <summary>The process umask (read without changing it, from /proc).</summary>
    private static uint CurrentUmask()
    {
        string line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("Umask:", StringComparison.Ordinal));
        return Convert.ToUInt32(line["Umask:".Length..].Trim(), 8);
    }

    /// <summary>mkfifo(3) for the FIFO test.</summary>
    private static int MakeFifo(string path) => NativeTestCalls.MakeFifo(path, 0x1A4);
}
