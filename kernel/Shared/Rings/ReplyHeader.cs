using System.Runtime.InteropServices;

namespace Hpc.Rings;

/// <summary>
/// The proxy's answer to a rank's synchronous request, in the rank's reply area. The proxy writes the result and
/// data first and the sequence last; the rank waits until the sequence equals the one it sent.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 64)]
internal struct ReplyHeader
{
    /// <summary>Sequence of the request answered; the rank's futex word.</summary>
    [FieldOffset(0)] public int Sequence;
    /// <summary>Non-zero while the rank sleeps on <see cref="Sequence"/>.</summary>
    [FieldOffset(4)] public int Waiting;
    /// <summary>Result: a count, handle or offset when non-negative, a negated Linux errno when negative.</summary>
    [FieldOffset(8)] public long Result;
    /// <summary>Bytes of reply data after the header.</summary>
    [FieldOffset(16)] public int Length;
    /// <summary>Op-specific extra word (e.g. "more entries follow" for directory listings).</summary>
    [FieldOffset(20)] public int Extra;
}
