using Hpc.Rings;

namespace Hpc.Proxy.Tests.Rings;

/// <summary>The ring protocol between one producer and one consumer, in one process.</summary>
[TestFixture]
public sealed unsafe class RingTests
{
    private const int Capacity = 4096;

    [Test]
    public void WriteThenRead_RoundTripsOpFlagsSequenceAndPayload()
    {
        using var memory = RingMemory.ForRing(Capacity);
        var writer = new RingWriter(memory.Pointer, Capacity);
        var reader = new RingReader(memory.Pointer, Capacity);

        byte* payload = writer.TryReserve(5);
        new ReadOnlySpan<byte>([1, 2, 3, 4, 5]).CopyTo(new Span<byte>(payload, 5));
        writer.Commit(op: 7, flags: 1, sequence: 42, length: 5);

        byte[] destination = new byte[reader.MaxPayloadLength];
        Assert.That(reader.TryRead(destination, out RingRecord record), Is.EqualTo(RingReadStatus.Record));
        Assert.That((record.Op, record.Flags, record.Sequence, record.Length), Is.EqualTo(((ushort)7, (ushort)1, 42, 5)));
        Assert.That(destination[..5], Is.EqualTo(new byte[] { 1, 2, 3, 4, 5 }));
        Assert.That(reader.TryRead(destination, out _), Is.EqualTo(RingReadStatus.Empty));
    }

    [Test]
    public void TryReserve_FullRing_ReturnsNullUntilConsumerPublishes()
    {
        using var memory = RingMemory.ForRing(Capacity);
        var writer = new RingWriter(memory.Pointer, Capacity);
        var reader = new RingReader(memory.Pointer, Capacity);
        int written = 0;
        while (writer.TryReserve(100) != null)
        {
            writer.Commit(1, 0, 0, 100);
            written++;
        }

        Assert.That(written, Is.EqualTo(Capacity / (int)RingRecord.Footprint(100)));
        byte[] destination = new byte[reader.MaxPayloadLength];
        Assert.That(reader.TryRead(destination, out _), Is.EqualTo(RingReadStatus.Record));
        Assert.That(writer.TryReserve(100) == null, Is.True, "the head is not published yet");
        reader.Publish();
        Assert.That(writer.TryReserve(100) != null, Is.True);
    }

    [Test]
    public void ManyRecords_OfRandomSizes_WrapAroundInOrder()
    {
        using var memory = RingMemory.ForRing(Capacity);
        var writer = new RingWriter(memory.Pointer, Capacity);
        var reader = new RingReader(memory.Pointer, Capacity);
        var random = new Random(1234);
        byte[] destination = new byte[reader.MaxPayloadLength];
        int nextWrite = 0;
        int nextRead = 0;
        while (nextRead < 10_000)
        {
            int length = random.Next(0, writer.MaxPayloadLength + 1);
            byte* payload = nextWrite < 10_000 ? writer.TryReserve(length) : null;
            if (payload != null)
            {
                new Span<byte>(payload, length).Fill((byte)nextWrite);
                writer.Commit(1, 0, nextWrite++, length);
                continue;
            }

            while (reader.TryRead(destination, out RingRecord record) == RingReadStatus.Record)
            {
                Assert.That(record.Sequence, Is.EqualTo(nextRead));
                Assert.That(destination.AsSpan(0, record.Length).IndexOfAnyExcept((byte)nextRead), Is.EqualTo(-1));
                nextRead++;
            }

            reader.Publish();
        }
    }

    [Test]
    public void ConcurrentProducerAndConsumer_LoseNothing()
    {
        using var memory = RingMemory.ForRing(Capacity);
        const int Count = 200_000;
        var producer = new Thread(() =>
        {
            var writer = new RingWriter(memory.Pointer, Capacity);
            for (int i = 0; i < Count; i++)
            {
                byte* payload;
                while ((payload = writer.TryReserve(sizeof(int))) == null)
                {
                    Thread.SpinWait(10);
                }

                *(int*)payload = i;
                writer.Commit(1, 0, i, sizeof(int));
            }
        });
        producer.Start();
        var reader = new RingReader(memory.Pointer, Capacity);
        byte[] destination = new byte[reader.MaxPayloadLength];
        int expected = 0;
        while (expected < Count)
        {
            RingReadStatus status = reader.TryRead(destination, out RingRecord record);
            Assert.That(status, Is.Not.EqualTo(RingReadStatus.Corrupt));
            if (status == RingReadStatus.Record)
            {
                Assert.That(BitConverter.ToInt32(destination), Is.EqualTo(expected));
                expected++;
            }

            reader.Publish();
        }

        producer.Join();
    }

    [Test]
    public void Garbage_InTheRing_IsReportedAsCorruptAndNeverReadOutOfBounds()
    {
        var random = new Random(99);
        int corrupt = 0;
        for (int round = 0; round < 5000; round++)
        {
            using var memory = RingMemory.ForRing(Capacity);
            random.NextBytes(new Span<byte>(memory.Pointer, (int)memory.Size));
            var header = (RingHeader*)memory.Pointer;
            if (round % 2 == 0)
            {
                header->Tail = random.Next(0, 3 * Capacity) & ~63; // plausible tails make the reader look at records
            }

            var reader = new RingReader(memory.Pointer, Capacity);
            byte[] destination = new byte[reader.MaxPayloadLength];
            for (int n = 0; n < 100; n++)
            {
                RingReadStatus status = reader.TryRead(destination, out RingRecord record);
                if (status == RingReadStatus.Corrupt)
                {
                    corrupt++;
                    break;
                }

                if (status == RingReadStatus.Empty)
                {
                    break;
                }

                Assert.That(record.Length, Is.InRange(0, reader.MaxPayloadLength));
            }
        }

        Assert.That(corrupt, Is.GreaterThan(2500), "random rings are almost always recognised as corrupt");
    }
}
