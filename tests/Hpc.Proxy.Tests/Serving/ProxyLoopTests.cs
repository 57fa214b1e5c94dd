using System.Runtime.InteropServices;
using System.Text;
using Hpc.Protocol;
using Hpc.Proxy.Cluster;
using Hpc.Proxy.Files;
using Hpc.Proxy.Placement;
using Hpc.Proxy.Serving;
using Hpc.Proxy.Tests.Rings;
using Hpc.Rings;
using Hpc.Segment;

namespace Hpc.Proxy.Tests.Serving;

/// <summary>
/// The proxy's serving loop on a real segment layout in memory, fed by a hand-driven "isle": well-formed records are
/// served, and garbage of every kind ends the job with a message instead of crashing the proxy.
/// </summary>
[TestFixture]
public sealed unsafe class ProxyLoopTests
{
    private const int Ranks = 4;

    private RingMemory _memory = null!;
    private SegmentView _segment;
    private MemoryStream _stdout = null!;
    private MemoryStream _stderr = null!;
    private ConsoleSink _console = null!;
    private FileRoots _roots = null!;
    private ConfinedFileSystem _files = null!;
    private JobLedger _ledger = null!;
    private ProxyLoop _loop = null!;
    private string _root = null!;

    [SetUp]
    public void SetUp()
    {
        var layout = new SegmentLayout(1, Ranks, 4096, 4096, SegmentLayout.MinChannelCapacity);
        _memory = new RingMemory(layout.TotalSize);
        _segment = SegmentView.Format(_memory.Pointer, layout, new int[Ranks], new int[Ranks]);
        _stdout = new MemoryStream();
        _stderr = new MemoryStream();
        _console = new ConsoleSink(tag: true, _stdout, _stderr);
        _root = Directory.CreateTempSubdirectory("hpc-loop-").FullName;
        _roots = new FileRoots([(_root, true)], _root);
        _files = new ConfinedFileSystem(_roots);
        var isle = new IslePlan(0, CpuSet.Parse("0"), null, IsleTarget.Process, [.. Enumerable.Range(0, Ranks)]);
        var plan = new JobPlan([isle], [.. Enumerable.Range(0, Ranks).Select(r => new RankPlan(r, 0, 0))]);
        _ledger = new JobLedger(plan);
        _loop = new ProxyLoop(_segment, _console, new FileRequestHandler(_files), _ledger, plan.LocalRanks);
    }

    [TearDown]
    public void TearDown()
    {
        _files.Dispose();
        _roots.Dispose();
        _memory.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Test]
    public void Drain_ConsoleRecords_WrittenAsTaggedLinesInOrder()
    {
        var writer = Writer(2);
        Post(ref writer, ProxyOp.Stdout, "one\ntw"u8);
        Post(ref writer, ProxyOp.Stdout, "o\n"u8);

        _loop.Drain();
        _console.Flush();

        Assert.That(Encoding.UTF8.GetString(_stdout.ToArray()), Is.EqualTo("[2] one\n[2] two\n"));
    }

    [Test]
    public void Drain_RankExits_FinishTheLedgerAndAFailureIsNamed()
    {
        for (int rank = 0; rank < Ranks; rank++)
        {
            var writer = Writer(rank);
            var exit = new ExitParams { ExitCode = rank == 3 ? 4 : 0, Kind = (int)RankExitKind.Returned };
            Post(ref writer, ProxyOp.RankExit, MemoryMarshal.AsBytes(new ReadOnlySpan<ExitParams>(in exit)));
        }

        _loop.Drain();

        Assert.That(_ledger.Failure?.Status, Is.EqualTo(4));
        Assert.That(_ledger.Failure?.Message, Is.EqualTo("rank 3 (isle 0, cpu 0) exited with status 4"));
    }

    [Test]
    public void Drain_RankProcessKilledBySignal_SignalNamedWithItsStatus()
    {
        var writer = Writer(2);
        var exit = new ExitParams { ExitCode = 128 + 11, Kind = (int)RankExitKind.Signal };
        Post(ref writer, ProxyOp.RankExit, Bytes(exit));

        _loop.Drain();

        Assert.That(_ledger.Failure?.Status, Is.EqualTo(139));
        Assert.That(_ledger.Failure?.Message, Is.EqualTo("rank 2 (isle 0, cpu 0) was killed by signal 11 (SIGSEGV)"));
    }

    [Test]
    public void Drain_SecondExitRecordOfARank_FailsTheJobWithTheWorseStatus()
    {
        var writer = Writer(1);
        var forged = new ExitParams { ExitCode = 0, Kind = (int)RankExitKind.Returned };
        var real = new ExitParams { ExitCode = 7, Kind = (int)RankExitKind.Returned };
        Post(ref writer, ProxyOp.RankExit, Bytes(forged));
        Post(ref writer, ProxyOp.RankExit, Bytes(real));

        _loop.Drain();

        Assert.That(_ledger.Failure?.Status, Is.EqualTo(7));
        Assert.That(_ledger.Failure?.Message, Does.Contain("rank 1 (isle 0, cpu 0) reported its end twice (status 0, then 7)"));
    }

    [Test]
    public void WhenDrained_RecordsLeftInTheRings_JudgedOnlyAfterTheyAreServed()
    {
        var writer = Writer(2);
        var exit = new ExitParams { ExitCode = 0, Kind = (int)RankExitKind.Returned };
        bool exitSeenFirst = false;
        Post(ref writer, ProxyOp.Stdout, "last words\n"u8);
        Post(ref writer, ProxyOp.RankExit, Bytes(exit));

        _loop.WhenDrained(0, () => exitSeenFirst = _ledger.HasEnded(2));
        _loop.Drain();

        Assert.That(exitSeenFirst, Is.True);
    }

    [Test]
    public void Drain_OpenWriteCloseRequests_ServedInsideTheRoot()
    {
        var writer = Writer(1);
        var open = new FileParams { Flags = 0x41, Mode = 0x1A4 }; // O_WRONLY | O_CREAT
        Post(ref writer, ProxyOp.Open, [.. Bytes(open), .. "out.txt"u8], sequence: 1);
        _loop.Drain();
        var reply = (ReplyHeader*)_segment.Reply(1);
        Assert.That(reply->Sequence, Is.EqualTo(1));
        int handle = (int)reply->Result;
        Assert.That(handle, Is.GreaterThanOrEqualTo(0));

        var write = new FileParams { Handle = handle };
        Post(ref writer, ProxyOp.Write, [.. Bytes(write), .. "hello"u8], flags: RecordFlags.NoReply);
        Post(ref writer, ProxyOp.Close, Bytes(write), sequence: 2);
        _loop.Drain();

        Assert.That(reply->Sequence, Is.EqualTo(2));
        Assert.That(reply->Result, Is.Zero);
        Assert.That(File.ReadAllText(Path.Combine(_root, "out.txt")), Is.EqualTo("hello"));
    }

    [Test]
    public void Drain_LStatAndStatOfALink_TellTheLinkFromItsTarget()
    {
        File.WriteAllText(Path.Combine(_root, "target.txt"), "data");
        File.CreateSymbolicLink(Path.Combine(_root, "link"), "target.txt");
        var writer = Writer(2);
        var reply = (ReplyHeader*)_segment.Reply(2);
        var statReply = (StatReply*)((byte*)reply + sizeof(ReplyHeader));

        Post(ref writer, ProxyOp.LStat, [.. Bytes(new FileParams()), .. "link"u8], sequence: 1);
        _loop.Drain();
        Assert.That((reply->Sequence, reply->Result), Is.EqualTo((1, 0L)));
        int linkType = statReply->Mode & 0xF000;

        Post(ref writer, ProxyOp.Stat, [.. Bytes(new FileParams()), .. "link"u8], sequence: 2);
        _loop.Drain();
        Assert.Multiple(() =>
        {
            Assert.That(linkType, Is.EqualTo(0xA000), "lstat: a symbolic link");
            Assert.That((reply->Sequence, reply->Result), Is.EqualTo((2, 0L)));
            Assert.That(statReply->Mode & 0xF000, Is.EqualTo(0x8000), "stat: the regular file it names");
            Assert.That(statReply->Size, Is.EqualTo(4));
        });
    }

    [Test]
    public void Drain_ReadLinkRequests_TheLinksTextOrEinvalForAFile()
    {
        File.WriteAllText(Path.Combine(_root, "plain.txt"), "data");
        File.CreateSymbolicLink(Path.Combine(_root, "away"), "/somewhere/outside");
        var writer = Writer(2);
        var reply = (ReplyHeader*)_segment.Reply(2);

        Post(ref writer, ProxyOp.ReadLink, [.. Bytes(new FileParams()), .. "away"u8], sequence: 1);
        _loop.Drain();
        string text = Encoding.UTF8.GetString((byte*)reply + sizeof(ReplyHeader), reply->Length);
        long linkResult = reply->Result;

        Post(ref writer, ProxyOp.ReadLink, [.. Bytes(new FileParams()), .. "plain.txt"u8], sequence: 2);
        _loop.Drain();
        Assert.Multiple(() =>
        {
            Assert.That((linkResult, text), Is.EqualTo((18L, "/somewhere/outside")), "the text, not what it names");
            Assert.That((reply->Sequence, reply->Result), Is.EqualTo((2, (long)-LinuxErrno.EINVAL)));
        });
    }

    [Test]
    public void Drain_SyncRequests_ZeroForAnOpenHandleEbadfForAnother()
    {
        var writer = Writer(3);
        var reply = (ReplyHeader*)_segment.Reply(3);
        Post(ref writer, ProxyOp.Open, [.. Bytes(new FileParams { Flags = 0x41, Mode = 0x1A4 }), .. "synced.txt"u8], sequence: 1);
        _loop.Drain();
        int handle = (int)reply->Result;
        Assert.That(handle, Is.GreaterThanOrEqualTo(0));

        Post(ref writer, ProxyOp.Sync, Bytes(new FileParams { Handle = handle }), sequence: 2);
        _loop.Drain();
        long synced = reply->Result;
        Post(ref writer, ProxyOp.Sync, Bytes(new FileParams { Handle = handle + 1 }), sequence: 3);
        _loop.Drain();
        Assert.Multiple(() =>
        {
            Assert.That(synced, Is.Zero);
            Assert.That((reply->Sequence, reply->Result), Is.EqualTo((3, (long)-LinuxErrno.EBADF)));
        });
    }

    [Test]
    public void Drain_GarbageRequests_NeverThrowAndNeverTouchOutsideTheRoot()
    {
        string outside = Directory.CreateTempSubdirectory("hpc-outside-").FullName;
        File.WriteAllText(Path.Combine(outside, "keep.txt"), "keep");
        var random = new Random(7);
        byte[] payload = new byte[1000];
        for (int round = 0; round < 2000; round++)
        {
            var writer = Writer(round % Ranks);
            int length = random.Next(0, payload.Length);
            random.NextBytes(payload.AsSpan(0, length));
            ushort op = (ushort)random.Next(1, 64);
            Post(ref writer, (ProxyOp)op, payload.AsSpan(0, length), sequence: round);
            Assert.DoesNotThrow(() => _loop.Drain());
        }

        Assert.That(Directory.GetFileSystemEntries(outside), Is.EqualTo(new[] { Path.Combine(outside, "keep.txt") }));
        Assert.That(File.ReadAllText(Path.Combine(outside, "keep.txt")), Is.EqualTo("keep"));
        Directory.Delete(outside, recursive: true);
    }

    [Test]
    public void Drain_ScribbledRingIndexes_EndTheJobAsCorrupt()
    {
        var random = new Random(3);
        var header = (RingHeader*)_segment.RankRing(1);
        header->Tail = 12345; // not a multiple of a cache line: impossible
        random.NextBytes(new Span<byte>((byte*)header + sizeof(RingHeader), 4096));

        Assert.DoesNotThrow(() => _loop.Drain());

        Assert.That(_ledger.Failure?.Message, Does.Contain("isle 0 sent a corrupt request"));
    }

    [Test]
    public void Drain_RandomSegmentBytes_NeverThrow()
    {
        var random = new Random(11);
        for (int round = 0; round < 200; round++)
        {
            SetUpRandomRings(random);
            Assert.DoesNotThrow(() => _loop.Drain());
            TearDown();
            SetUp();
        }
    }

    /// <summary>Fills every ring (headers included) with random bytes.</summary>
    private void SetUpRandomRings(Random random)
    {
        SegmentLayout layout = _segment.Layout;
        long start = layout.IsleRingOffset(0);
        long end = layout.ReplyOffset(0);
        random.NextBytes(new Span<byte>(_memory.Pointer + start, (int)(end - start)));
    }

    /// <summary>The producer end of a rank's ring.</summary>
    private RingWriter Writer(int rank) => new(_segment.RankRing(rank), _segment.Layout.RingCapacity);

    /// <summary>Posts one record as an isle would.</summary>
    private static void Post(ref RingWriter writer, ProxyOp op, ReadOnlySpan<byte> payload, int sequence = 0, ushort flags = 0)
    {
        byte* destination = writer.TryReserve(payload.Length);
        Assert.That(destination != null, Is.True, "ring full");
        payload.CopyTo(new Span<byte>(destination, payload.Length));
        writer.Commit((ushort)op, flags, sequence, payload.Length);
    }

    /// <summary>A parameter struct's bytes.</summary>
    private static byte[] Bytes<T>(in T value) where T : unmanaged =>
        MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)).ToArray();
}
