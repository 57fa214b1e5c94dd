using System.Runtime.InteropServices;

namespace Hpc.OpenMp.Teams;

/// <summary>
/// The shared state of one work-sharing construct (loop, single, sections) in the team's control block. The first
/// thread to reach construct <c>id</c> claims the slot and resets it; the others wait until <see cref="Ready"/> says
/// so. A construct ended without a barrier (nowait) lets fast threads run ahead into later constructs: the slot is
/// claimed again only once every member has left its previous construct (<see cref="Left"/>). Two cache lines: the
/// claim words, touched once per construct and thread, apart from the counters that threads hammer.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
internal struct WorkshareSlot
{
    /// <summary>The id of the construct whose first thread has claimed the slot.</summary>
    [FieldOffset(0)]
    public long Claim;

    /// <summary>The id of the construct the slot has been reset for.</summary>
    [FieldOffset(8)]
    public long Ready;

    /// <summary>The members that have left the construct the slot holds.</summary>
    [FieldOffset(16)]
    public long Left;

    /// <summary>Nonzero once the loop the slot holds was cancelled (<c>cancel for</c>): no iteration starts after.</summary>
    [FieldOffset(24)]
    public int Cancelled;

    /// <summary>The next unassigned iteration (guided), chunk (dynamic) or section.</summary>
    [FieldOffset(64)]
    public long Next;

    /// <summary>The iteration whose ordered block may run now.</summary>
    [FieldOffset(72)]
    public long OrderedNext;
}
