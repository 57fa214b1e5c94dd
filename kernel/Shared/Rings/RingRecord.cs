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
    public const int Size = 16;
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

    /// <summary>Bytes a record with <paramref name="payloadLength"/> bytes of payload takes in the ring.</summary>
    public static long Footprint(long payloadLength) => (Size + payloadLength + 63) & ~63L;
}
