using System.Runtime.InteropServices;

namespace Hpc.Rings;

/// <summary>
/// The header of one record in a ring. Records start on a cache line and take whole cache lines, so a record
/// never shares a line with the next one being written.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = Size)]
internal struct RingRecord
{
    /// <summary>Bytes of the header.</summary>
    public const int Size = 24;
    /// <summary>Op code of the filler record that skips to the end of the ring before a wrap.</summary>
    public const ushort PaddingOp = 0;

    /// <summary>Bytes of payload after the header.</summary>
    public int Length;
    /// <summary>What the record asks for (a <c>ProxyOp</c> on proxy rings).</summary>
    public ushort Op;
    /// <summary>Per-op flags.</summary>
    public ushort Flags;
    /// <summary>Request sequence number, echoed in the reply to synchronous requests.</summary>
    public int Sequence;
    /// <summary>Reserved, zero.</summary>
    public int Reserved;
    /// <summary>
    /// <see cref="StampOf"/> the record's position, written last: a consumer that trusts its producer learns a record
    /// is complete from the record itself, without reading the producer's tail (a line the producer writes on every
    /// commit, which would move between the two cores on every message).
    /// </summary>
    public long Stamp;

    /// <summary>
    /// The stamp of a record at ring position <paramref name="position"/> (bytes ever written before it) in a ring
    /// whose stamps are keyed with <paramref name="key"/> (0 or a non-negative number): never 0, so zeroed memory holds
    /// no record, and never the stamp of the same offset in another lap. The key makes the stamp a number no payload
    /// holds by accident (a payload of an earlier lap lies where a header is awaited): without it, data such as
    /// -4097 at the right place would read as the stamp of position 4096.
    /// </summary>
    public static long StampOf(long position, long key) => ~position ^ key;

    /// <summary>Bytes a record with <paramref name="payloadLength"/> bytes of payload takes in the ring.</summary>
    public static long Footprint(long payloadLength) => (Size + payloadLength + 63) & ~63L;
}
