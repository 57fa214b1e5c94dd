using System.Runtime.InteropServices;

namespace Hpc.Segment;

/// <summary>
/// What a rank is blocked in, published in its own rank-table line so that the proxy can tell a deadlock from a long
/// wait. The rank writes it with plain stores just before it blocks (<see cref="Sequence"/> last) and clears
/// <see cref="Op"/> as soon as it wakes, before it consumes anything from a channel: so a record the proxy reads
/// unchanged on both sides of finding a channel empty was published after that channel was last drained.
/// Untrusted for the proxy like the rest of the segment: every field is checked before use.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
internal struct RankWait
{
    /// <summary>Bytes the record takes in the rank slot.</summary>
    public const int Size = 32;
    /// <summary><see cref="Source"/> or <see cref="Destination"/> when the wait has none.</summary>
    public const int NoRank = -2;
    /// <summary><see cref="Source"/> or <see cref="Tag"/> of a receive that takes any (as Hpc.Mpi's Any.Source/Any.Tag).</summary>
    public const int AnyValue = -1;

    /// <summary>Bumped each time the rank publishes a wait: an unchanged value means the rank did not move.</summary>
    [FieldOffset(0)] public int Sequence;
    /// <summary>A <see cref="RankWaitOp"/>; 0 (None) while the rank runs.</summary>
    [FieldOffset(4)] public int Op;
    /// <summary>World rank the awaited message must come from, <see cref="AnyValue"/>, or <see cref="NoRank"/>.</summary>
    [FieldOffset(8)] public int Source;
    /// <summary>World rank a blocked send goes to, or <see cref="NoRank"/>.</summary>
    [FieldOffset(12)] public int Destination;
    /// <summary>Tag of the awaited message or blocked send, or <see cref="AnyValue"/>.</summary>
    [FieldOffset(16)] public int Tag;
    /// <summary>Communication context (world: 0 for point-to-point, 1 for its collectives).</summary>
    [FieldOffset(20)] public int Context;
}
