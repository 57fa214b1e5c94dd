using System.Runtime.CompilerServices;

namespace Hpc.OpenMp.Regions;

/// <summary>
/// One padded slot per member for partial results of type <typeparamref name="T"/> (per rank, as the team is).
/// Grows with the team; otherwise reused, so reductions allocate nothing.
/// </summary>
internal static class ReductionScratch<T>
{
    /// <summary>Elements between two members' slots: 128 bytes apart at least, so partials do not share a line.</summary>
    public static readonly int Stride = Math.Max(1, 128 / Math.Max(1, Unsafe.SizeOf<T>()));

    /// <summary>The slots.</summary>
    private static T[] s_values = [];

    /// <summary>Slots for at least <paramref name="members"/> members.</summary>
    public static T[] For(int members)
    {
        T[] values = s_values;
        if (values.Length < members * Stride)
        {
            values = new T[members * Stride];
            Volatile.Write(ref s_values, values);
        }

        return values;
    }

    /// <summary>The guard of growth by several members at once.</summary>
    private static readonly Lock s_growLock = new();

    /// <summary>
    /// Slots for <paramref name="members"/> members, when several members ask at once: the array is replaced only
    /// when too small, under a lock, so every member of a region gets the same one.
    /// </summary>
    public static T[] Shared(int members)
    {
        T[] values = Volatile.Read(ref s_values);
        if (values.Length >= members * Stride)
        {
            return values;
        }

        lock (s_growLock)
        {
            return For(members);
        }
    }

    /// <summary>Combines the first <paramref name="members"/> slots in member order.</summary>
    public static T Combine(T[] values, int members, Reduction<T> reduction)
    {
        T result = values[0];
        for (int member = 1; member < members; member++)
        {
            result = reduction.Combine(result, values[member * Stride]);
        }

        return result;
    }
}
