using System.Runtime.CompilerServices;

namespace System.Threading;

/// <summary>Atomic operations: the compiler turns the intrinsics into <c>lock cmpxchg</c>, <c>xchg</c> and <c>lock xadd</c>.</summary>
public static class Interlocked
{
    /// <summary>Stores <paramref name="value"/> if the location holds <paramref name="comparand"/>; returns the old value.</summary>
    [Intrinsic]
    public static int CompareExchange(ref int location1, int value, int comparand) => CompareExchange(ref location1, value, comparand);

    /// <summary>Stores <paramref name="value"/> if the location holds <paramref name="comparand"/>; returns the old value.</summary>
    [Intrinsic]
    public static long CompareExchange(ref long location1, long value, long comparand) => CompareExchange(ref location1, value, comparand);

    /// <summary>Stores <paramref name="value"/>; returns the old value.</summary>
    [Intrinsic]
    public static int Exchange(ref int location1, int value) => Exchange(ref location1, value);

    /// <summary>Stores <paramref name="value"/>; returns the old value.</summary>
    [Intrinsic]
    public static long Exchange(ref long location1, long value) => Exchange(ref location1, value);

    /// <summary>Adds; returns the old value.</summary>
    [Intrinsic]
    internal static int ExchangeAdd(ref int location1, int value) => ExchangeAdd(ref location1, value);

    /// <summary>Adds; returns the old value.</summary>
    [Intrinsic]
    internal static long ExchangeAdd(ref long location1, long value) => ExchangeAdd(ref location1, value);

    /// <summary>Adds; returns the new value.</summary>
    public static int Add(ref int location1, int value) => ExchangeAdd(ref location1, value) + value;

    /// <summary>Adds; returns the new value.</summary>
    public static long Add(ref long location1, long value) => ExchangeAdd(ref location1, value) + value;

    /// <summary>Adds one; returns the new value.</summary>
    public static int Increment(ref int location) => ExchangeAdd(ref location, 1) + 1;

    /// <summary>Adds one; returns the new value.</summary>
    public static long Increment(ref long location) => ExchangeAdd(ref location, 1) + 1;

    /// <summary>Subtracts one; returns the new value.</summary>
    public static int Decrement(ref int location) => ExchangeAdd(ref location, -1) - 1;

    /// <summary>Subtracts one; returns the new value.</summary>
    public static long Decrement(ref long location) => ExchangeAdd(ref location, -1) - 1;

    /// <summary>A full fence.</summary>
    [Intrinsic]
    public static void MemoryBarrier() => MemoryBarrier();
}
