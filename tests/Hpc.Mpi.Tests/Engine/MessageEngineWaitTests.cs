using System.Runtime.InteropServices;
using Hpc.Mpi.Engine;
using Hpc.Segment;

namespace Hpc.Mpi.Tests.Engine;

/// <summary>
/// The wait record two engines on an in-memory segment publish for the proxy's deadlock report: set while a rank is
/// blocked (with what it waits for), cleared once it is not, and never written when a wait does not block.
/// </summary>
[TestFixture]
public sealed unsafe class MessageEngineWaitTests
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(30);

    private byte* _memory;
    private SegmentView _segment;

    [SetUp]
    public void SetUp()
    {
        var layout = new SegmentLayout(1, 2, 4096, 4096, SegmentLayout.MinChannelCapacity);
        _memory = (byte*)NativeMemory.AlignedAlloc((nuint)layout.TotalSize, 4096);
        NativeMemory.Clear(_memory, (nuint)layout.TotalSize);
        _segment = SegmentView.Format(_memory, layout, [0, 0], [0, 0]);
    }

    [TearDown]
    public void TearDown() => NativeMemory.AlignedFree(_memory);

    [Test]
    public void Receive_Blocked_PublishesTheWaitThenClearsIt()
    {
        var receiver = new MessageEngine(_segment, 0, ownThreadOnly: false);
        var sender = new MessageEngine(_segment, 1, ownThreadOnly: false);
        int[] value = [0];
        var thread = new Thread(() =>
        {
            fixed (int* into = value)
            {
                receiver.Receive(new ReceiveOperation(new MessageBuffer((byte*)into), sizeof(int), 1, context: 0, tag: 5), RankWaitOp.Recv);
            }
        });
        thread.Start();

        RankWait* wait = &_segment.Rank(0)->Wait;
        SpinUntil(() => Volatile.Read(ref wait->Op) == (int)RankWaitOp.Recv);
        Assert.Multiple(() =>
        {
            Assert.That(wait->Source, Is.EqualTo(1));
            Assert.That(wait->Destination, Is.EqualTo(RankWait.NoRank));
            Assert.That(wait->Tag, Is.EqualTo(5));
            Assert.That(wait->Context, Is.Zero);
            Assert.That(wait->Sequence, Is.Positive);
        });

        int message = 42;
        sender.Send(new SendOperation(new MessageBuffer((byte*)&message), sizeof(int), 0, context: 0, tag: 5), RankWaitOp.Send);
        Assert.That(thread.Join(s_limit), Is.True, "the receive never completed");

        Assert.That(value[0], Is.EqualTo(42));
        Assert.That(wait->Op, Is.EqualTo((int)RankWaitOp.None));
    }

    [Test]
    public void Receive_MessageAlreadyThere_WritesNoRecord()
    {
        var receiver = new MessageEngine(_segment, 0, ownThreadOnly: false);
        var sender = new MessageEngine(_segment, 1, ownThreadOnly: false);
        int message = 7;
        int value = 0;

        sender.Send(new SendOperation(new MessageBuffer((byte*)&message), sizeof(int), 0, context: 0, tag: 5), RankWaitOp.Send);
        receiver.Receive(new ReceiveOperation(new MessageBuffer((byte*)&value), sizeof(int), 1, context: 0, tag: 5), RankWaitOp.Recv);

        Assert.That(value, Is.EqualTo(7));
        Assert.That(_segment.Rank(0)->Wait.Sequence, Is.Zero, "a wait that does not block costs no store");
    }

    /// <summary>Spins until <paramref name="condition"/> holds (a safety limit, not a timing check).</summary>
    private static void SpinUntil(Func<bool> condition) =>
        Assert.That(SpinWait.SpinUntil(condition, s_limit), Is.True, "the rank never published its wait");
}
