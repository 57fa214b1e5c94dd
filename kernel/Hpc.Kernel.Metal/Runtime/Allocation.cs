using System.Runtime;
using System.Runtime.CompilerServices;
using Internal.Runtime;
using Hpc.Kernel.Metal.Memory;
using Hpc.Kernel.Metal.Platform;

namespace Hpc.Kernel.Metal.Runtime;

/// <summary>
/// The allocation helpers the compiled code calls. Each cpu bumps through its own region (no lock, no sharing of
/// cache lines between cpus' fresh objects) and takes a new region from <see cref="PhysicalMemory"/> when it runs
/// out. Nothing is freed: there is no collector in this phase.
/// </summary>
internal static unsafe class Allocation
{
    /// <summary>Size of the region a cpu takes at a time.</summary>
    private const ulong RegionSize = 1 << 20;

    /// <summary>Allocates <paramref name="size"/> zeroed bytes, 8-aligned, from the calling cpu's region.</summary>
    public static byte* Allocate(ulong size)
    {
        size = (size + 7) & ~7UL;
        CpuLocal* local = Cpu.Local();
        byte* result = local->AllocNext;
        if ((ulong)(local->AllocEnd - result) < size)
        {
            ulong claim = size > RegionSize ? size : RegionSize;
            result = PhysicalMemory.Claim(claim);
            local->AllocEnd = result + ((claim + 4095) & ~4095UL);
        }

        local->AllocNext = result + size;
        return result;
    }

    /// <summary>An object of type <paramref name="type"/>.</summary>
    [RuntimeExport("RhpNewFast")]
    public static object NewFast(MethodTable* type)
    {
        // BaseSize counts the header word in front of the object; the reference points past it.
        nint instance = (nint)Allocate(type->BaseSize) + sizeof(nint);
        *(MethodTable**)instance = type;
        return Unsafe.As<nint, object>(ref instance);
    }

    /// <summary>An object with a finalizer (which never runs).</summary>
    [RuntimeExport("RhpNewFinalizable")]
    public static object NewFinalizable(MethodTable* type) => NewFast(type);

    /// <summary>An array (or string) of <paramref name="length"/> elements.</summary>
    [RuntimeExport("RhpNewArray")]
    public static object NewArray(MethodTable* type, int length)
    {
        if (length < 0)
        {
            throw new OverflowException();
        }

        return NewArrayLike(type, (uint)length);
    }

    /// <summary>An array, fast path (same here).</summary>
    [RuntimeExport("RhpNewArrayFast")]
    public static object NewArrayFast(MethodTable* type, int length) => NewArray(type, length);

    /// <summary>An array of references, fast path (same here).</summary>
    [RuntimeExport("RhpNewPtrArrayFast")]
    public static object NewPtrArrayFast(MethodTable* type, int length) => NewArray(type, length);

    /// <summary>An array or string with its length set.</summary>
    public static object NewArrayLike(MethodTable* type, uint length)
    {
        ulong size = type->BaseSize + (ulong)length * type->ComponentSize;
        nint instance = (nint)Allocate(size) + sizeof(nint);
        *(MethodTable**)instance = type;
        *(uint*)(instance + sizeof(nint)) = length;
        return Unsafe.As<nint, object>(ref instance);
    }
}
