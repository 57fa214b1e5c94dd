using System.Runtime;
using System.Runtime.CompilerServices;

namespace System;

/// <summary>Block copies; <see cref="BulkMoveWithWriteBarrier"/> is the compiler's struct-copy helper.</summary>
public static unsafe class Buffer
{
    /// <summary>Copies bytes between unmanaged blocks (overlap allowed).</summary>
    public static void MemoryCopy(void* source, void* destination, long destinationSizeInBytes, long sourceBytesToCopy)
    {
        if (sourceBytesToCopy > destinationSizeInBytes)
        {
            throw new ArgumentOutOfRangeException();
        }

        SpanHelpers.Memmove(ref *(byte*)destination, ref *(byte*)source, (nuint)sourceBytesToCopy);
    }

    /// <summary>Copies memory that may hold references (no collector: a plain move).</summary>
    internal static void BulkMoveWithWriteBarrier(ref byte destination, ref byte source, nuint byteCount) =>
        SpanHelpers.Memmove(ref destination, ref source, byteCount);
}

/// <summary>Byte moves and fills the compiler calls by name.</summary>
internal static unsafe class SpanHelpers
{
    /// <summary>memmove.</summary>
    [RuntimeExport("memmove")]
    private static void* MemmoveExport(void* destination, void* source, nuint count)
    {
        Memmove(ref *(byte*)destination, ref *(byte*)source, count);
        return destination;
    }

    /// <summary>memset.</summary>
    [RuntimeExport("memset")]
    private static void* MemsetExport(void* destination, int value, nuint count)
    {
        Fill(ref *(byte*)destination, count, (byte)value);
        return destination;
    }

    /// <summary>memcpy (the compiler may emit calls to it for large struct copies).</summary>
    [RuntimeExport("memcpy")]
    private static void* MemcpyExport(void* destination, void* source, nuint count)
    {
        Memmove(ref *(byte*)destination, ref *(byte*)source, count);
        return destination;
    }

    /// <summary>Copies <paramref name="byteCount"/> bytes, forwards or backwards as overlap requires.</summary>
    public static void Memmove(ref byte destination, ref byte source, nuint byteCount)
    {
        byte* d = (byte*)Unsafe.AsPointer(ref destination);
        byte* s = (byte*)Unsafe.AsPointer(ref source);
        if (d == s || byteCount == 0)
        {
            return;
        }

        if (d < s || d >= s + byteCount)
        {
            nuint i = 0;
            for (; i + 8 <= byteCount; i += 8)
            {
                *(ulong*)(d + i) = *(ulong*)(s + i);
            }

            for (; i < byteCount; i++)
            {
                d[i] = s[i];
            }
        }
        else
        {
            nuint i = byteCount;
            while (i >= 8)
            {
                i -= 8;
                *(ulong*)(d + i) = *(ulong*)(s + i);
            }

            while (i > 0)
            {
                i--;
                d[i] = s[i];
            }
        }
    }

    /// <summary>Zeroes <paramref name="byteCount"/> bytes.</summary>
    public static void ClearWithoutReferences(ref byte b, nuint byteCount) => Fill(ref b, byteCount, 0);

    /// <summary>Zeroes pointer-sized words that hold references.</summary>
    public static void ClearWithReferences(ref nint ip, nuint pointerSizeLength) =>
        Fill(ref Unsafe.As<nint, byte>(ref ip), pointerSizeLength * 8, 0);

    /// <summary>Fills <paramref name="byteCount"/> bytes with <paramref name="value"/>.</summary>
    public static void Fill(ref byte b, nuint byteCount, byte value)
    {
        byte* d = (byte*)Unsafe.AsPointer(ref b);
        ulong pattern = value * 0x0101010101010101UL;
        nuint i = 0;
        for (; i + 8 <= byteCount; i += 8)
        {
            *(ulong*)(d + i) = pattern;
        }

        for (; i < byteCount; i++)
        {
            d[i] = value;
        }
    }
}
