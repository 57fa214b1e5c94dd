using System.Runtime.InteropServices;

namespace Hpc.Rings;

/// <summary>
/// The control block in front of a ring's data. Producer and consumer indexes are free-running byte counters on
/// separate cache lines, so a poller on one side never invalidates the other side's line.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 192)]
internal struct RingHeader
{
    /// <summary>Bytes ever published by the producer (only the producer writes it).</summary>
    [FieldOffset(0)] public long Tail;
    /// <summary>Bytes ever consumed (only the consumer writes it). Its low 32 bits are the producer's futex word.</summary>
    [FieldOffset(64)] public long Head;
    /// <summary>Non-zero while the producer waits for space; the consumer then wakes it after consuming.</summary>
    [FieldOffset(72)] public int ProducerWaiting;
}
