using System.Collections.Concurrent;
using Hpc.Proxy.Multinode;
using Hpc.Proxy.Tests.Rings;
using Hpc.Rings;
using Hpc.Segment;

namespace Hpc.Proxy.Tests.Multinode;

/// <summary>
/// Two nodes' segments in memory, each with its router, joined by an in-process transport: what a rank writes on
/// its channel to a rank of the other node comes out, in order and intact, on the same channel of the other segment,
/// however much more than a channel's capacity is sent.
/// </summary>
[TestFixture]
public sealed unsafe class RemoteRouterTests
{
    /// <summary>Ranks 0-1 on node 0, ranks 2-3 on node 1.</summary>
    private static readonly int[] s_nodes = [0, 0, 1, 1];

    private RingMemory _memoryA = null!;
    private RingMemory _memoryB = null!;
    private SegmentView _a;
    private SegmentView _b;
    private PipeTransport _toB = null!;
    private PipeTransport _toA = null!;
    private RemoteRouter _routerA = null!;
    private RemoteRouter _routerB = null!;

    [SetUp]
    public void SetUp()
    {
        var layout = new SegmentLayout(1, 4, 4096, 4096, SegmentLayout.MinChannelCapacity);
        _memoryA = new RingMemory(layout.TotalSize);
        _memoryB = new RingMemory(layout.TotalSize);
        _a = SegmentView.Format(_memoryA.Pointer, layout, [0, 0, -1, -1], [0, 0, -1, -1], s_nodes, 2, 0);
        _b = SegmentView.Format(_memoryB.Pointer, layout, [-1, -1, 0, 0], [-1, -1, 0, 0], s_nodes, 2, 1);
        var aInbox = new ConcurrentQueue<(int, byte[])>();
        var bInbox = new ConcurrentQueue<(int, byte[])>();
        _toB = new PipeTransport(0, bInbox, aInbox);
        _toA = new PipeTransport(1, aInbox, bInbox);
        _routerA = new RemoteRouter(_a, _toB);
        _routerB = new RemoteRouter(_b, _toA);
    }

    [TearDown]
    public void TearDown()
    {
        _memoryA.Dispose();
        _memoryB.Dispose();
    }

    [Test]
    public void Pump_RecordsToRemoteRank_ArriveInOrderOnItsChannel()
    {
        var writer = new RingWriter(_a.Channel(1, 2), _a.Layout.ChannelCapacity, _a.ChannelStampKey(1, 2));
        var reader = new RingReader(_b.Channel(1, 2), _b.Layout.ChannelCapacity, _b.ChannelStampKey(1, 2));
        for (int i = 0; i < 3; i++)
        {
            byte* payload = writer.TryReserve(8);
            *(long*)payload = 100 + i;
            writer.Commit((ushort)(1 + i), 0, i, 8);
        }

        Assert.That(_routerA.HasWork, Is.True);
        Assert.That(_routerA.Pump(), Is.True);
        Assert.That(_routerB.Pump(), Is.True);

        for (int i = 0; i < 3; i++)
        {
            Assert.That(reader.TryPeek(out RingRecord record, out byte* payload), Is.EqualTo(RingReadStatus.Record));
            Assert.That((record.Op, record.Sequence, record.Length, *(long*)payload), Is.EqualTo(((ushort)(1 + i), i, 8, 100L + i)));
            reader.Consume(record);
        }

        Assert.That(reader.TryPeek(out _, out _), Is.EqualTo(RingReadStatus.Empty));
        Assert.That(*_b.Doorbell(2), Is.GreaterThan(0), "the destination rank was rung");
    }

    [Test]
    public void Pump_ManyTimesTheChannel_FlowsWithBackPressureBothWays()
    {
        int capacity = _a.Layout.ChannelCapacity;
        int payloadLength = RingWriter.MaxPayload(capacity);
        int count = 64; // 16 channels' worth
        var writer = new RingWriter(_a.Channel(0, 3), capacity, _a.ChannelStampKey(0, 3));
        var reader = new RingReader(_b.Channel(0, 3), capacity, _b.ChannelStampKey(0, 3));
        int written = 0;
        int read = 0;
        for (int turn = 0; turn < 10_000 && read < count; turn++)
        {
            while (written < count && writer.TryReserve(payloadLength) is var payload && payload != null)
            {
                new Span<byte>(payload, payloadLength).Fill((byte)written);
                writer.Commit(1, 0, written, payloadLength);
                written++;
            }

            _routerA.Pump();
            _routerB.Pump();
            if (turn % 3 == 0)
            {
                continue; // a slow receiver: the router keeps the rest back
            }

            while (reader.TryPeek(out RingRecord record, out byte* data) == RingReadStatus.Record)
            {
                Assert.That(record.Sequence, Is.EqualTo(read));
                Assert.That(new ReadOnlySpan<byte>(data, record.Length).IndexOfAnyExcept((byte)read), Is.EqualTo(-1));
                reader.Consume(record);
                read++;
            }

            reader.Publish();
        }

        Assert.That(read, Is.EqualTo(count));
        Assert.That(_routerA.HasWork || _routerB.HasWork, Is.False);
    }

    /// <summary>
    /// Deliver hands the router batches in the link's reused receive memory: records that find their channel full
    /// wait as copies (pooled arrays), so overwriting that memory after each call changes nothing, and every record
    /// reaches the slow reader intact and in order.
    /// </summary>
    [Test]
    public void Deliver_FromReusedMemoryIntoAFullChannel_WaitingRecordsAreCopiesAndArriveIntact()
    {
        int capacity = _a.Layout.ChannelCapacity;
        int payloadLength = RingWriter.MaxPayload(capacity);
        const int Count = 40; // 10 channels' worth
        var writer = new RingWriter(_a.Channel(1, 2), capacity, _a.ChannelStampKey(1, 2));
        var reader = new RingReader(_b.Channel(1, 2), capacity, _b.ChannelStampKey(1, 2));
        byte[] receiveMemory = new byte[1 << 20];
        int written = 0;
        int read = 0;
        for (int turn = 0; turn < 10_000 && read < Count; turn++)
        {
            while (written < Count && writer.TryReserve(payloadLength) is var payload && payload != null)
            {
                new Span<byte>(payload, payloadLength).Fill((byte)(written + 1));
                writer.Commit(1, 0, written, payloadLength);
                written++;
            }

            _routerA.Pump();
            while (_toA.TryReceive(out int node, out Memory<byte> batch))
            {
                batch.Span.CopyTo(receiveMemory);
                _routerB.Deliver(node, receiveMemory.AsSpan(0, batch.Length));
                receiveMemory.AsSpan().Fill(0xEE); // the link reuses it at once
            }

            if (turn % 4 != 0)
            {
                continue; // a slow reader: most records wait for room
            }

            while (reader.TryPeek(out RingRecord record, out byte* data) == RingReadStatus.Record)
            {
                Assert.That(record.Sequence, Is.EqualTo(read));
                Assert.That(new ReadOnlySpan<byte>(data, record.Length).IndexOfAnyExcept((byte)(read + 1)), Is.EqualTo(-1), $"record {read}");
                reader.Consume(record);
                read++;
            }

            reader.Publish();
            _routerB.Pump(); // writes waiting records into the room made
        }

        Assert.That(read, Is.EqualTo(Count));
        Assert.That(_routerB.HasWork, Is.False);
    }

    [Test]
    public void Pump_TruncatedBatch_Throws()
    {
        _toB.Send(1, new byte[7]); // shorter than a record header

        Assert.That(_routerB.HasWork, Is.True);
        Assert.That(() => _routerB.Pump(), Throws.TypeOf<InvalidDataException>().With.Message.Contains("truncated batch"));
    }

    [Test]
    public void Pump_RecordForRankNotOnThisNode_Throws()
    {
        var hostile = new byte[20 + 8];
        BitConverter.TryWriteBytes(hostile.AsSpan(0), 2); // "from rank 2", which is on node 1
        BitConverter.TryWriteBytes(hostile.AsSpan(4), 3);
        BitConverter.TryWriteBytes(hostile.AsSpan(16), 8);
        _toB.Send(1, hostile); // node 0 sends it

        Assert.That(() => _routerB.Pump(), Throws.TypeOf<InvalidDataException>().With.Message.Contains("does not belong here"));
    }

    /// <summary>One direction of an in-process link: what one side sends, the other receives in order.</summary>
    private sealed class PipeTransport : INodeTransport
    {
        private readonly int _self;
        private readonly ConcurrentQueue<(int, byte[])> _outbox;
        private readonly ConcurrentQueue<(int, byte[])> _inbox;

        public PipeTransport(int self, ConcurrentQueue<(int, byte[])> outbox, ConcurrentQueue<(int, byte[])> inbox)
        {
            _self = self;
            _outbox = outbox;
            _inbox = inbox;
        }

        public void Send(int node, ReadOnlySpan<byte> message) => _outbox.Enqueue((_self, message.ToArray()));

        public bool TryReceive(out int node, out Memory<byte> message)
        {
            bool taken = _inbox.TryDequeue(out (int Node, byte[] Bytes) item);
            node = item.Node;
            message = item.Bytes;
            return taken;
        }

        public bool HasArrivals => !_inbox.IsEmpty;
    }
}
