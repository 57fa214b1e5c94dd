using System.Runtime.InteropServices;

namespace Hpc.Segment;

/// <summary>
/// One rank's entry in the rank table: its placement (its ring and reply area lie where the layout says), and what
/// it is blocked in.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = SegmentLayout.SlotSize)]
internal struct RankSlot
{
    /// <summary>The rank (equals its position in the table).</summary>
    [FieldOffset(0)] public int Rank;
    /// <summary>The isle hosting the rank; -1 when the rank runs on another node.</summary>
    [FieldOffset(4)] public int Isle;
    /// <summary>The cpu the rank is pinned to.</summary>
    [FieldOffset(8)] public int Cpu;
    /// <summary>
    /// The cores the rank owns (hermit-run --threads): its cpu and the next CoreCount - 1 cpus of its isle's list,
    /// wrapping around. 0 (a segment formatted without counts) means 1.
    /// </summary>
    [FieldOffset(12)] public int CoreCount;
    /// <summary>The node running the rank (0 in a job of one node).</summary>
    [FieldOffset(16)] public int Node;
    /// <summary>
    /// What the rank is blocked in, written by the rank itself (the only field of the slot that changes once the job
    /// runs; the slot is the rank's own cache line).
    /// </summary>
    [FieldOffset(SegmentLayout.SlotSize - RankWait.Size)] public RankWait Wait;
}
