using System.Diagnostics;
using Hpc.Proxy.Deadlock;
using Hpc.Proxy.Tests.Rings;
using Hpc.Rings;
using Hpc.Segment;

namespace Hpc.Proxy.Tests.Deadlock;

/// <summary>
/// The deadlock detector on a segment in memory whose wait records and channel indexes the test writes by hand, with
/// a clock the test moves: a still job is reported once the bound has passed and never before, a moving or
/// computing one never, a receive from a returned rank at once but only when the channel from it is empty.
/// </summary>
[TestFixture]
public sealed unsafe class DeadlockDetectorTests
{
    private const int Ranks = 3;
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(2);

    private RingMemory _memory = null!;
    private SegmentView _segment;
    private HashSet<int> _returned = null!;
    private DeadlockDetector _detector = null!;

    [SetUp]
    public void SetUp()
    {
        var layout = new SegmentLayout(1, Ranks, 4096, 4096, SegmentLayout.MinChannelCapacity);
        _memory = new RingMemory(layout.TotalSize);
        _segment = SegmentView.Format(_memory.Pointer, layout, new int[Ranks], new int[Ranks]);
        _returned = [];
        _detector = new DeadlockDetector(_segment, Enumerable.Range(0, Ranks), s_bound);
    }

    [TearDown]
    public void TearDown() => _memory.Dispose();

    [Test]
    public void Check_AllWaitingStillForTheBound_ReportsEachRanksWait()
    {
        Wait(0, RankWaitOp.Recv, source: 1, tag: 5);
        Wait(1, RankWaitOp.Recv, source: RankWait.AnyValue, tag: 5);
        Wait(2, RankWaitOp.Barrier, source: 0, tag: 8, context: 1);

        Assert.That(Check(0), Is.Null);
        Assert.That(Check(1.9), Is.Null);
        string? report = Check(2.1);

        Assert.That(report, Is.EqualTo(
            "deadlock: every rank has waited 2 s with no message in flight\n"
            + "  rank 0: Recv(source 1, tag 5) on world\n"
            + "  rank 1: Recv(source any, tag 5) on world\n"
            + "  rank 2: Barrier on world (waiting for rank 0)"));
    }

    [Test]
    public void Check_OneRankComputing_NeverReports()
    {
        Wait(0, RankWaitOp.Recv, source: 1, tag: 5);
        Wait(1, RankWaitOp.Recv, source: 0, tag: 5);

        for (double t = 0; t < 100; t += 0.5)
        {
            Assert.That(Check(t), Is.Null, $"at {t} s");
        }
    }

    [Test]
    public void Check_UnreadMessageToAWaitingRank_NoReport()
    {
        WaitAll(RankWaitOp.Recv, tag: 5);
        Publish(2, 0);

        Assert.That(Check(0), Is.Null);
        Assert.That(Check(10), Is.Null);
        Consume(2, 0);
        Assert.That(Check(11), Is.Null, "the bound starts when the channel is found empty");
        Assert.That(Check(13.1), Does.StartWith("deadlock: "));
    }

    [Test]
    public void Check_ARankWaitsAgain_TheBoundStartsAgain()
    {
        WaitAll(RankWaitOp.Recv, tag: 5);
        Assert.That(Check(0), Is.Null);

        Wait(1, RankWaitOp.Recv, source: 0, tag: 5, sequence: 2);
        Assert.That(Check(1.5), Is.Null);
        Assert.That(Check(3), Is.Null);
        Assert.That(Check(3.6), Does.StartWith("deadlock: "));
    }

    [Test]
    public void Check_SomeRanksReturned_ListedAsReturned()
    {
        Wait(0, RankWaitOp.Recv, source: 1, tag: 5);
        Wait(1, RankWaitOp.Allreduce, source: 0, tag: 4, context: 1);
        _returned.Add(2);

        Assert.That(Check(0), Is.Null);
        string? report = Check(2);

        Assert.That(report, Does.StartWith("deadlock: every rank still running has waited 2 s").And.EndWith("  rank 1: Allreduce on world (waiting for rank 0)\n  rank 2: returned"));
    }

    [Test]
    public void Check_ReceiveFromAReturnedRank_ReportedAtOnce()
    {
        Wait(0, RankWaitOp.Recv, source: 1, tag: 6);
        _returned.Add(1);

        Assert.That(Check(0), Is.EqualTo("rank 0 waits in Recv(source 1, tag 6) on world, but rank 1 has already returned"));
    }

    [Test]
    public void Check_ReturnedRanksMessageStillInTheChannel_NotReported()
    {
        // Rank 1 sent before returning; rank 0 has not woken to take it yet.
        Wait(0, RankWaitOp.Recv, source: 1, tag: 6);
        _returned.Add(1);
        Publish(1, 0);

        Assert.That(Check(0), Is.Null);
        Assert.That(Check(30), Is.Null);
    }

    [Test]
    public void Check_AnySourceWithEveryOtherRankReturned_ReportedAtOnce()
    {
        Wait(0, RankWaitOp.Probe, source: RankWait.AnyValue, tag: RankWait.AnyValue);
        _returned.UnionWith([1, 2]);

        Assert.That(Check(0), Is.EqualTo("rank 0 waits in Probe(source any, tag any) on world, but every other rank has already returned"));
    }

    [Test]
    public void Check_AnySourceWithAnotherRankRunning_NotReportedAtOnce()
    {
        Wait(0, RankWaitOp.Recv, source: RankWait.AnyValue, tag: 1);
        _returned.Add(1);

        Assert.That(Check(0), Is.Null);
        Assert.That(Check(30), Is.Null, "rank 2 computes: it may still send");
    }

    [Test]
    public void Check_AnySourceWithAMessageInAChannel_NotReportedAtOnce()
    {
        Wait(0, RankWaitOp.Recv, source: RankWait.AnyValue, tag: 1);
        _returned.UnionWith([1, 2]);
        Publish(2, 0);

        Assert.That(Check(0), Is.Null);
    }

    [Test]
    public void Check_LoneRankWaitingForAnySource_OnlyAfterTheBound()
    {
        var detector = new DeadlockDetector(_segment, [0], s_bound);
        Wait(0, RankWaitOp.Recv, source: RankWait.AnyValue, tag: 7);

        Assert.That(detector.Check(_returned.Contains, 0), Is.Null, "no other rank to blame");
        Assert.That(detector.Check(_returned.Contains, 3 * Stopwatch.Frequency), Does.Contain("rank 0: Recv(source any, tag 7) on world"));
    }

    [Test]
    public void Check_SendToAReturnedRank_OnlyAfterTheBound()
    {
        // A blocked send ends when its receiver copies the data, which leaves no trace in a channel: never judged at once.
        Wait(0, RankWaitOp.Send, destination: 1, tag: 3);
        _returned.UnionWith([1, 2]);

        Assert.That(Check(0), Is.Null);
        Assert.That(Check(2.5), Does.Contain("rank 0: Send(destination 1, tag 3) on world"));
    }

    [TestCase(999, 1, RankWait.NoRank, 5)]
    [TestCase((int)RankWaitOp.Recv, Ranks, RankWait.NoRank, 5)]
    [TestCase((int)RankWaitOp.Recv, -7, RankWait.NoRank, 5)]
    [TestCase((int)RankWaitOp.Send, RankWait.NoRank, int.MaxValue, 5)]
    [TestCase((int)RankWaitOp.Recv, 1, RankWait.NoRank, -9)]
    public void Check_GarbageRecord_ReadsAsComputing(int op, int source, int destination, int tag)
    {
        WaitAll(RankWaitOp.Recv, tag: 5);
        RankWait* wait = &_segment.Rank(0)->Wait;
        *wait = new RankWait { Sequence = 9, Op = op, Source = source, Destination = destination, Tag = tag, Context = 0 };
        _returned.Add(1);

        Assert.That(Check(0), Is.Null);
        Assert.That(Check(30), Is.Null);
    }

    [Test]
    public void Describe_OtherCommunicatorAndWaits_NamedPlainly()
    {
        Assert.Multiple(() =>
        {
            Assert.That(WaitText.Describe(new WaitSnapshot(1, RankWaitOp.Wait, 2, RankWait.NoRank, 4, 6)), Is.EqualTo("Wait(source 2, tag 4) on the communicator of context 6"));
            Assert.That(WaitText.Describe(new WaitSnapshot(1, RankWaitOp.WaitAny, RankWait.NoRank, RankWait.NoRank, RankWait.AnyValue, 0)), Is.EqualTo("WaitAny on world"));
            Assert.That(WaitText.Describe(new WaitSnapshot(1, RankWaitOp.Bcast, RankWait.NoRank, 3, 0, 3)), Is.EqualTo("Bcast on the communicator of context 2 (sending to rank 3)"));
        });
    }

    [Test]
    public void Constructor_NoBound_Refused() =>
        Assert.That(() => new DeadlockDetector(_segment, [0], TimeSpan.Zero), Throws.InstanceOf<ArgumentOutOfRangeException>());

    /// <summary>Looks at the ranks at <paramref name="seconds"/> on the test's clock.</summary>
    private string? Check(double seconds) => _detector.Check(_returned.Contains, (long)(seconds * Stopwatch.Frequency));

    /// <summary>Every rank waits in <paramref name="op"/> for the next rank's message.</summary>
    private void WaitAll(RankWaitOp op, int tag)
    {
        for (int rank = 0; rank < Ranks; rank++)
        {
            Wait(rank, op, source: (rank + 1) % Ranks, tag: tag);
        }
    }

    /// <summary>Writes a rank's wait record as the rank would.</summary>
    private void Wait(int rank, RankWaitOp op, int source = RankWait.NoRank, int destination = RankWait.NoRank, int tag = 0, int context = 0, int sequence = 1) =>
        _segment.Rank(rank)->Wait = new RankWait { Sequence = sequence, Op = (int)op, Source = source, Destination = destination, Tag = tag, Context = context };

    /// <summary>Makes one record's worth of unread bytes appear in a channel.</summary>
    private void Publish(int source, int destination) => ((RingHeader*)_segment.Channel(source, destination))->Tail += 64;

    /// <summary>Consumes everything in a channel.</summary>
    private void Consume(int source, int destination)
    {
        var header = (RingHeader*)_segment.Channel(source, destination);
        header->Head = header->Tail;
    }
}
