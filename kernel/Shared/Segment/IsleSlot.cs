using System.Runtime.InteropServices;

namespace Hpc.Segment;

/// <summary>One isle's entry in the isle table: who it is and how far it got (its ring's place follows from the layout).</summary>
[StructLayout(LayoutKind.Explicit, Size = SegmentLayout.SlotSize)]
internal struct IsleSlot
{
    /// <summary>The isle's index (equals its position in the table).</summary>
    [FieldOffset(0)] public int Index;
    /// <summary>Host process id of a hosted isle once attached (0 before); informational only.</summary>
    [FieldOffset(4)] public int ProcessId;
    /// <summary>Attach state: 0 not yet, 1 attached, 2 all ranks done.</summary>
    [FieldOffset(16)] public int State;
}
