using System.Threading;

namespace Hpc.Rings;

/// <summary>
/// The consumer end of a ring, written for a consumer that does not trust the producer: it keeps its own head,
/// checks every index and length against the capacity, and copies each record out before anyone looks at it, so a
/// producer that scribbles on the ring meanwhile cannot change what was validated.
/// </summary>
/// <remarks>Mutable struct: keep it in a field or array element and call it by reference.</remarks>
internal unsafe struct RingReader
{
    /// <summary>The ring's control block.</summary>
    private readonly RingHeader* _header;
    /// <summary>The ring's data.</summary>
    private readonly byte* _data;
    /// <summary>Data size in bytes, a power of two.</summary>
    private readonly int _capacity;
    /// <summary>Private head: the published one is only a notice to the producer, never read back.</summary>
    private long _head;
    /// <summary>Head value last published to the producer.</summary>
    private long _publishedHead;
    /// <summary>The key of the ring's stamps (see <see cref="RingRecord.StampOf"/>).</summary>
    private readonly long _stampKey;

    /// <summary>Attaches to a ring whose header is at <paramref name="ring"/>; a new ring starts empty.</summary>
    public RingReader(byte* ring, int capacity, long stampKey = 0)
    {
        _stampKey = stampKey;
        _header = (RingHeader*)ring;
        _data = ring + sizeof(RingHeader);
        _capacity = capacity;
        _head = 0;
        _publishedHead = 0;
    }

    /// <summary>Largest payload a valid record may have; destinations must be at least this big.</summary>
    public readonly int MaxPayloadLength => RingWriter.MaxPayload(_capacity);

    /// <summary>True when the producer has published bytes not yet read.</summary>
    public readonly bool HasData => Volatile.Read(ref _header->Tail) != _head;

    /// <summary>
    /// Copies the next record's payload into <paramref name="destination"/> (at least <see cref="MaxPayloadLength"/>
    /// bytes) and consumes it. Padding is skipped. The head is published to the producer by <see cref="Publish"/>.
    /// </summary>
    public RingReadStatus TryRead(Span<byte> destination, out RingRecord record)
    {
        RingReadStatus status = TryPeekPublished(out record, out byte* payload);
        if (status != RingReadStatus.Record)
        {
            return status;
        }

        if (record.Length > MaxPayloadLength || record.Length > destination.Length)
        {
            return RingReadStatus.Corrupt;
        }

        new ReadOnlySpan<byte>(payload, record.Length).CopyTo(destination);
        Consume(record);
        return RingReadStatus.Record;
    }

    /// <summary>
    /// Checks the next record's header and place against the capacity (skipping padding) and leaves its payload in
    /// the ring, where the caller reads it in place; <see cref="Consume"/> then moves past it. Only for a trusted
    /// producer (another rank of the job): the payload may change while it is read. <see cref="TryRead"/> copies
    /// it out first.
    /// </summary>
    public RingReadStatus TryPeek(out RingRecord record, out byte* payload)
    {
        payload = null;
        while (true)
        {
            // The record's stamp, not the producer's tail, says whether it is there: the tail's line is written on
            // every commit, and reading it here would pull it to this core and back for every message.
            long offset = _head & (_capacity - 1);
            var header = (RingRecord*)(_data + offset);
            if (Volatile.Read(ref header->Stamp) != RingRecord.StampOf(_head, _stampKey))
            {
                record = default;
                return RingReadStatus.Empty;
            }

            record = *header;
            if (TryTake(record, offset, _capacity, out payload) is RingReadStatus status)
            {
                return status;
            }
        }
    }

    /// <summary>
    /// As <see cref="TryPeek"/>, for a producer that is not trusted: the published tail, not the record's stamp, says
    /// what is there, and is checked against the head and the capacity as well.
    /// </summary>
    private RingReadStatus TryPeekPublished(out RingRecord record, out byte* payload)
    {
        payload = null;
        while (true)
        {
            record = default;
            long tail = Volatile.Read(ref _header->Tail);
            long available = tail - _head;
            if (available == 0)
            {
                return RingReadStatus.Empty;
            }

            if (available < 0 || available > _capacity || (available & 63) != 0)
            {
                return RingReadStatus.Corrupt;
            }

            long offset = _head & (_capacity - 1);
            record = *(RingRecord*)(_data + offset);
            if (TryTake(record, offset, available, out payload) is RingReadStatus status)
            {
                return status;
            }
        }
    }

    /// <summary>
    /// Takes the record read at <paramref name="offset"/> when it is well-formed (a length within the ring, a footprint
    /// within the <paramref name="limit"/> bytes known to be there and before the ring's end): <see
    /// cref="RingReadStatus.Record"/> with its <paramref name="payload"/>, or null after skipping padding (look again);
    /// <see cref="RingReadStatus.Corrupt"/> when it is not well-formed (both peeks read records a broken or hostile
    /// producer may have written).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private RingReadStatus? TryTake(in RingRecord record, long offset, long limit, out byte* payload)
    {
        payload = null;
        if (record.Length < 0 || record.Length > _capacity)
        {
            return RingReadStatus.Corrupt;
        }

        long footprint = RingRecord.Footprint(record.Length);
        if (footprint > limit || offset + footprint > _capacity)
        {
            return RingReadStatus.Corrupt;
        }

        if (record.Op == RingRecord.PaddingOp)
        {
            _head += footprint;
            return null;
        }

        payload = _data + offset + RingRecord.Size;
        return RingReadStatus.Record;
    }

    /// <summary>Moves past the record returned by <see cref="TryPeek"/>.</summary>
    public void Consume(in RingRecord record) => _head += RingRecord.Footprint(record.Length);

    /// <summary>
    /// Tells the producer how far it may write and returns the address of its futex word when it asked to be woken
    /// (null otherwise); the caller then wakes that word.
    /// </summary>
    public int* Publish()
    {
        if (_publishedHead == _head)
        {
            return null;
        }

        _publishedHead = _head;
        // Full fence: the producer sets its waiting flag and then re-reads the head; we write the head and then read
        // the flag. With both fenced, at least one of us sees the other.
        Interlocked.Exchange(ref _header->Head, _head);
        if (Volatile.Read(ref _header->ProducerWaiting) != 0)
        {
            Volatile.Write(ref _header->ProducerWaiting, 0);
            return (int*)&_header->Head;
        }

        return null;
    }
}
