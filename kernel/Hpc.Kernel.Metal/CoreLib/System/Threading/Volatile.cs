using System.Runtime.CompilerServices;

namespace System.Threading;

/// <summary>Reads and writes the compiler may not cache or reorder (x86-64 is TSO, so no fence is needed).</summary>
public static class Volatile
{
    /// <summary>A pointer-sized word the compiler treats as volatile.</summary>
    private struct VolatileWord
    {
        /// <summary>The word.</summary>
        public volatile nint Value;
    }

    /// <summary>A 32-bit word the compiler treats as volatile.</summary>
    private struct VolatileInt32
    {
        /// <summary>The word.</summary>
        public volatile int Value;
    }

    /// <summary>Reads a 32-bit value.</summary>
    public static int Read(ref int location) => Unsafe.As<int, VolatileInt32>(ref location).Value;

    /// <summary>Writes a 32-bit value.</summary>
    public static void Write(ref int location, int value) => Unsafe.As<int, VolatileInt32>(ref location).Value = value;

    /// <summary>Reads a 64-bit value.</summary>
    public static long Read(ref long location) => Unsafe.As<long, VolatileWord>(ref location).Value;

    /// <summary>Writes a 64-bit value.</summary>
    public static void Write(ref long location, long value) => Unsafe.As<long, VolatileWord>(ref location).Value = (nint)value;

    /// <summary>Reads a 64-bit value.</summary>
    public static ulong Read(ref ulong location) => (ulong)Unsafe.As<ulong, VolatileWord>(ref location).Value;

    /// <summary>Writes a 64-bit value.</summary>
    public static void Write(ref ulong location, ulong value) => Unsafe.As<ulong, VolatileWord>(ref location).Value = (nint)value;
}
