using System.Runtime.InteropServices;
using Hpc.Segment;

namespace Hpc.Proxy.Tests.Rings;

/// <summary>Zeroed, cache-line aligned native memory for a ring or a segment in a test.</summary>
internal sealed unsafe class RingMemory : IDisposable
{
    /// <summary>Allocates <paramref name="size"/> zeroed bytes.</summary>
    public RingMemory(long size)
    {
        Size = size;
        Pointer = (byte*)NativeMemory.AlignedAlloc((nuint)size, 4096);
        NativeMemory.Clear(Pointer, (nuint)size);
    }

    /// <summary>Start of the memory.</summary>
    public byte* Pointer { get; }

    /// <summary>Bytes allocated.</summary>
    public long Size { get; }

    /// <summary>Memory for one ring of <paramref name="capacity"/> data bytes.</summary>
    public static RingMemory ForRing(int capacity) => new(SegmentLayout.RingHeaderSize + capacity);

    /// <summary>Frees the memory.</summary>
    public void Dispose() => NativeMemory.AlignedFree(Pointer);
}
