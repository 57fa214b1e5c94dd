using System.Text;
using Hpc.Proxy.Files;
using Hpc.Protocol;

namespace Hpc.Proxy.Tests.Files;

/// <summary>Hostile input from an isle: bad strings, flags, handles and lengths never throw and never escape.</summary>
[TestFixture]
internal sealed class ConfinedFileSystemGarbageTests : ConfinedFileSystemTestBase
{
    /// <summary>Largest magnitude of a Linux errno (the kernel's MAX_ERRNO).</summary>
    private const int MaxErrno = 4095;

    /// <summary>Null, empty, NUL-holding and lone-surrogate paths are EINVAL.</summary>
    [TestCase("")]
    [TestCase("a\0b")]
    [TestCase("\0")]
    [TestCase(null)]
    [TestCase("lone-high")]
    [TestCase("lone-low")]
    public void PathOps_InvalidString_AreEinval(string? path)
    {
        // Attribute strings are stored as UTF-8, so lone surrogates are built here.
        path = path switch { "lone-high" => "\ud800", "lone-low" => "x\udc00y", _ => path };
        Assert.That(Fs.Open(Owner, path, JobOpenFlags.ReadOnly, 0), Is.EqualTo(-LinuxErrno.EINVAL));
        Assert.That(Fs.Stat(Owner, path, out _), Is.EqualTo(-LinuxErrno.EINVAL));
        Assert.That(Fs.LStat(Owner, path, out _), Is.EqualTo(-LinuxErrno.EINVAL));
        Assert.That(Fs.Mkdir(Owner, path, 0x1ED), Is.EqualTo(-LinuxErrno.EINVAL));
        Assert.That(Fs.Unlink(Owner, path), Is.EqualTo(-LinuxErrno.EINVAL));
        Assert.That(Fs.Rmdir(Owner, path), Is.EqualTo(-LinuxErrno.EINVAL));
        Assert.That(Fs.Rename(Owner, path, "x"), Is.EqualTo(-LinuxErrno.EINVAL));
        Assert.That(Fs.Rename(Owner, "x", path), Is.EqualTo(-LinuxErrno.EINVAL));
        Assert.That(Fs.ReadDir(Owner, path, []), Is.EqualTo(-LinuxErrno.EINVAL));
    }

    /// <summary>Paths beyond PATH_MAX or NAME_MAX are ENAMETOOLONG.</summary>
    [Test]
    public void PathOps_Overlong_AreEnametoolong()
    {
        string ascii = new('a', 4096);
        string wide = new('\u00e9', 2048);
        string component = new('b', 256);

        Assert.That(Fs.Open(Owner, ascii, JobOpenFlags.ReadOnly, 0), Is.EqualTo(-LinuxErrno.ENAMETOOLONG));
        Assert.That(Fs.Stat(Owner, wide, out _), Is.EqualTo(-LinuxErrno.ENAMETOOLONG), "4096 UTF-8 bytes in 2048 chars");
        Assert.That(Fs.Mkdir(Owner, new string('c', 1_000_000), 0x1ED), Is.EqualTo(-LinuxErrno.ENAMETOOLONG));
        Assert.That(Fs.Open(Owner, component, JobOpenFlags.WriteOnly | JobOpenFlags.Create, 0x1A4), Is.EqualTo(-LinuxErrno.ENAMETOOLONG), "the kernel's NAME_MAX");
        Assert.That(Fs.Stat(Owner, new string('a', 4095), out _), Is.EqualTo(-LinuxErrno.ENAMETOOLONG), "joined with the working directory, too long for the kernel");
    }

    /// <summary>Random calls with a fixed seed never throw and never escape.</summary>
    [Test]
    public void RandomCalls_FixedSeed_NeverThrowAndReturnErrnoRange()
    {
        var random = new Random(20261122);
        string[] fragments = ["..", ".", "/", "a", "b", "rw", "ro", "outside", "secret.txt", "data.txt", "\0", "//", "é", "\ud800", Rw, Ro, Outside, "../outside"];
        File.CreateSymbolicLink(Path.Combine(Rw, "a"), "../outside");
        File.CreateSymbolicLink(Path.Combine(Rw, "b"), Path.Combine(Outside, "secret.txt"));
        var buffer = new byte[256];
        var entries = new List<HostDirEntry>();

        for (int i = 0; i < 20_000; i++)
        {
            string path = RandomPath(random, fragments);
            int owner = random.Next(-2, 4);
            int handle = random.Next(4) == 0 ? random.Next() - int.MaxValue / 2 : random.Next(-2, 8);
            int flags = random.Next(3) == 0 ? random.Next() ^ (random.Next() << 1) : random.Next(0x3FFFF) & JobOpenFlags.Allowed;
            long offset = random.Next(3) == 0 ? random.NextInt64(long.MinValue, long.MaxValue) : random.Next(-10, 300);
            Span<byte> span = buffer.AsSpan(0, random.Next(buffer.Length + 1));
            long result = random.Next(16) switch
            {
                0 => Fs.Open(owner, path, flags, random.Next()),
                1 => Fs.Read(owner, handle, span),
                2 => Fs.Write(owner, handle, span),
                3 => Fs.PRead(owner, handle, span, offset),
                4 => Fs.PWrite(owner, handle, span, offset),
                5 => Fs.Seek(owner, handle, offset, random.Next(-2, 8)),
                6 => Fs.Close(owner, handle),
                7 => Fs.FStat(owner, handle, out _),
                8 => Fs.Stat(owner, path, out _),
                9 => Fs.LStat(owner, path, out _),
                10 => Fs.Mkdir(owner, path, random.Next()),
                11 => Fs.Unlink(owner, path),
                12 => Fs.Rmdir(owner, path),
                13 => Fs.Rename(owner, path, RandomPath(random, fragments)),
                14 => Fs.ReadDir(owner, path, entries),
                _ => Fs.Truncate(owner, handle, offset),
            };

            Assert.That(result, Is.GreaterThanOrEqualTo(-MaxErrno), $"call {i}: {path}");
            entries.Clear();
            if (random.Next(500) == 0)
            {
                Fs.CloseAll(owner);
            }
        }

        Assert.That(File.ReadAllText(Path.Combine(Ro, "data.txt")), Is.EqualTo(DataText), "the read-only root is untouched");
    }

    /// <summary>A path of 1 to 6 random fragments, sometimes with random characters, joined by '/' or not.</summary>
    private static string RandomPath(Random random, string[] fragments)
    {
        var text = new StringBuilder();
        int parts = random.Next(1, 7);
        for (int i = 0; i < parts; i++)
        {
            if (random.Next(2) == 0)
            {
                text.Append('/');
            }

            if (random.Next(5) == 0)
            {
                for (int c = random.Next(1, 12); c > 0; c--)
                {
                    text.Append((char)random.Next(0, 0x10000));
                }
            }
            else
            {
                text.Append(fragments[random.Next(fragments.Length)]);
            }
        }

        return text.ToString();
    }
}
