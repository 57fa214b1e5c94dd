using System.Runtime.CompilerServices;
using System.Threading;

namespace Hpc.Rings;

/// <summary>
/// The producer end of a single-producer/single-consumer ring of cache-line records. Reserve a payload, fill it,
/// commit; the consumer never sees a half-written record because the tail moves, and the record's stamp is written,
/// only in <see cref="Commit"/>, after the payload.
/// </summary>
/// <remarks>Mutable struct: keep it in a field and call it by reference, never copy it.</remarks>
internal unsafe struct RingWriter
{
    /// <summary>The ring's control block.</summary>
    private readonly RingHeader* _header;
    /// <summary>The ring's data (capacity bytes).</summary>
    private readonly byte* _data;
    /// <summary>Data size in bytes, a power of two.</summary>
    private readonly int _capacity;
    /// <summary>Private copy of the tail: the only writer is this struct.</summary>
    private long _tail;
    /// <summary>
    /// The consumer's head as last read: the room it leaves is certain (the head only grows), so the shared head,
    /// on a line the consumer writes, is read again only when this copy shows too little room.
    /// </summary>
    private long _knownHead;
    /// <summary>Where the reserved record starts (ring offset), or -1 when none is reserved.</summary>
    private long _reserved;
    /// <summary>Payload length of the reserved record.</summary>
    private int _reservedLength;
    /// <summary>The key of the ring's stamps (see <see cref="RingRecord.StampOf"/>).</summary>
    private readonly long _stampKey;

    /// <summary>Attaches to a ring whose header is at <paramref name="ring"/>, its records stamped with <paramref name="stampKey"/>.</summary>
    public RingWriter(byte* ring, int capacity, long stampKey = 0)
    {
        _stampKey = stampKey;
        _header = (RingHeader*)ring;
        _data = ring + sizeof(RingHeader);
        _capacity = capacity;
        _tail = Volatile.Read(ref _header->Tail);
        _knownHead = Volatile.Read(ref _header->Head);
        _reserved = -1;
        _reservedLength = 0;
    }

    /// <summary>Largest payload one record may carry in a ring of <paramref name="capacity"/> bytes.</summary>
    public static int MaxPayload(int capacity) => capacity / 4 - RingRecord.Size;

    /// <summary>Largest payload one record may carry in this ring.</summary>
    public readonly int MaxPayloadLength => MaxPayload(_capacity);

    /// <summary>The futex word the producer sleeps on while the ring is full (the low half of the head).</summary>
    public readonly int* SpaceWord => (int*)&_header->Head;

    /// <summary>The producer-waiting flag the consumer checks after consuming.</summary>
    public readonly int* ProducerWaiting => &_header->ProducerWaiting;

    /// <summary>
    /// Reserves room for a record of <paramref name="payloadLength"/> bytes and returns where its payload goes,
    /// or null when the ring has no room now.
    /// </summary>
    public byte* TryReserve(int payloadLength)
    {
        long footprint = RingRecord.Footprint(payloadLength);
        long offset = _tail & (_capacity - 1);
        long toEnd = _capacity - offset;
        long needed = footprint <= toEnd ? footprint : toEnd + footprint;
        if (_capacity - (_tail - _knownHead) < needed)
        {
            _knownHead = Volatile.Read(ref _header->Head);
            if (_capacity - (_tail - _knownHead) < needed)
            {
                return null;
            }
        }

        if (footprint > toEnd)
        {
            // The record does not fit before the end: fill the rest with padding the consumer skips.
            Write((RingRecord*)(_data + offset), RingRecord.StampOf(_tail, _stampKey), (int)(toEnd - RingRecord.Size), RingRecord.PaddingOp, 0, 0);
            offset = 0;
            _tail += toEnd;
        }

        _reserved = offset;
        _reservedLength = payloadLength;
        return _data + offset + RingRecord.Size;
    }

    /// <summary>
    /// Publishes the reserved record with <paramref name="length"/> bytes of payload (at most the length reserved);
    /// the consumer may read it from now on.
    /// </summary>
    public void Commit(ushort op, ushort flags, int sequence, int length)
    {
        System.Diagnostics.Debug.Assert(length <= _reservedLength);
        Write((RingRecord*)(_data + _reserved), RingRecord.StampOf(_tail, _stampKey), length, op, flags, sequence);
        _tail += RingRecord.Footprint(length);
        _reserved = -1;
        Volatile.Write(ref _header->Tail, _tail);
        // A full fence, not just release stores: the caller next reads the consumer's sleeping flag, and that load
        // must not pass the stamp's store (the classic lost wake-up otherwise). The tail's line stays the producer's
        // own (a trusting consumer reads the stamp instead), so the fence waits for no other core.
        Interlocked.MemoryBarrier();
    }

    /// <summary>Writes a record's header, its <paramref name="stamp"/> last.</summary>
    private static void Write(RingRecord* record, long stamp, int length, ushort op, ushort flags, int sequence)
    {
        record->Length = length;
        record->Op = op;
        record->Flags = flags;
        record->Sequence = sequence;
        record->Reserved = 0;
        Volatile.Write(ref record->Stamp, stamp);
    }

    /// <summary>True when the consumer has taken everything published.</summary>
    public readonly bool IsDrained => Volatile.Read(ref _header->Head) == _tail;

    /// <summary>Current value of the space word, read before deciding to sleep on it.</summary>
    public readonly int ReadSpaceWord() => Volatile.Read(ref Unsafe.AsRef<int>(SpaceWord));
}
