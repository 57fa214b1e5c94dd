using System.Numerics;
using System.Runtime.CompilerServices;

namespace Hpc.OpenMp;

/// <summary>
/// <c>#pragma omp atomic</c>: read-modify-write updates of a shared location without a lock. Integer adds are one
/// locked instruction; floating-point and other updates are compare-and-swap loops.
/// </summary>
/// <example>
/// <code>
/// Omp.ParallelFor(0, n, i =&gt; Atomic.Add(ref histogram[bin(i)], 1));
/// </code>
/// </example>
public static class Atomic
{
    /// <summary>x += value; returns the new value.</summary>
    public static int Add(ref int location, int value) => Interlocked.Add(ref location, value);

    /// <summary>x += value; returns the new value.</summary>
    public static long Add(ref long location, long value) => Interlocked.Add(ref location, value);

    /// <summary>x += value; returns the new value.</summary>
    public static uint Add(ref uint location, uint value) => Interlocked.Add(ref location, value);

    /// <summary>x += value; returns the new value.</summary>
    public static ulong Add(ref ulong location, ulong value) => Interlocked.Add(ref location, value);

    /// <summary>x += value; returns the new value.</summary>
    public static double Add(ref double location, double value)
    {
        double current = Volatile.Read(ref location);
        while (true)
        {
            double updated = current + value;
            double seen = Interlocked.CompareExchange(ref location, updated, current);
            if (seen.Equals(current))
            {
                return updated;
            }

            current = seen;
        }
    }

    /// <summary>x += value; returns the new value.</summary>
    public static float Add(ref float location, float value)
    {
        float current = Volatile.Read(ref location);
        while (true)
        {
            float updated = current + value;
            float seen = Interlocked.CompareExchange(ref location, updated, current);
            if (seen.Equals(current))
            {
                return updated;
            }

            current = seen;
        }
    }

    /// <summary>x = min(x, value); returns the new value.</summary>
    public static T Min<T>(ref T location, T value)
        where T : unmanaged, INumber<T> => Update(ref location, value, static (x, v) => T.Min(x, v));

    /// <summary>x = max(x, value); returns the new value.</summary>
    public static T Max<T>(ref T location, T value)
        where T : unmanaged, INumber<T> => Update(ref location, value, static (x, v) => T.Max(x, v));

    /// <summary>
    /// x = update(x, argument) atomically, for 4- and 8-byte unmanaged types (int, long, float, double, ...);
    /// <paramref name="update"/> may run more than once. Returns the new value.
    /// </summary>
    /// <exception cref="NotSupportedException">The type is not 4 or 8 bytes wide.</exception>
    public static T Update<T, TArgument>(ref T location, TArgument argument, Func<T, TArgument, T> update)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(update);
        if (Unsafe.SizeOf<T>() == sizeof(long))
        {
            ref long word = ref Unsafe.As<T, long>(ref location);
            long current = Volatile.Read(ref word);
            while (true)
            {
                T updated = update(Unsafe.As<long, T>(ref current), argument);
                long next = Unsafe.As<T, long>(ref updated);
                long seen = Interlocked.CompareExchange(ref word, next, current);
                if (seen == current)
                {
                    return updated;
                }

                current = seen;
            }
        }

        if (Unsafe.SizeOf<T>() == sizeof(int))
        {
            ref int word = ref Unsafe.As<T, int>(ref location);
            int current = Volatile.Read(ref word);
            while (true)
            {
                T updated = update(Unsafe.As<int, T>(ref current), argument);
                int next = Unsafe.As<T, int>(ref updated);
                int seen = Interlocked.CompareExchange(ref word, next, current);
                if (seen == current)
                {
                    return updated;
                }

                current = seen;
            }
        }

        throw new NotSupportedException($"Atomic updates need a 4- or 8-byte type; {typeof(T).Name} has {Unsafe.SizeOf<T>()} bytes.");
    }

    /// <summary>Reads x atomically (<c>atomic read</c>).</summary>
    public static double Read(ref double location) => Volatile.Read(ref location);

    /// <summary>Writes x atomically (<c>atomic write</c>).</summary>
    public static void Write(ref double location, double value) => Volatile.Write(ref location, value);
}
