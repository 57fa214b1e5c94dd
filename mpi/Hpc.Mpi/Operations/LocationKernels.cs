using System.Numerics;

namespace Hpc.Mpi;

/// <summary>
/// Kernels of <see cref="Op.MinLoc{T}"/> and <see cref="Op.MaxLoc{T}"/>: a scalar loop over pairs. Between equal
/// values the lower index wins, which makes the operation commutative. A NaN compares neither less nor greater, so
/// with NaNs the result depends on the order of combination (MPI leaves it undefined).
/// </summary>
internal static class LocationKernels
{
    /// <summary>Keeps the smaller value of each pair of pairs (the lower index on a tie).</summary>
    public static void MinLoc<T>(ReadOnlySpan<ValueIndex<T>> input, Span<ValueIndex<T>> accumulator)
        where T : unmanaged, INumber<T>
    {
        for (int i = 0; i < accumulator.Length; i++)
        {
            ValueIndex<T> a = accumulator[i];
            ValueIndex<T> b = input[i];
            if (b.Value < a.Value || (b.Value == a.Value && b.Index < a.Index))
            {
                accumulator[i] = b;
            }
        }
    }

    /// <summary>Keeps the larger value of each pair of pairs (the lower index on a tie).</summary>
    public static void MaxLoc<T>(ReadOnlySpan<ValueIndex<T>> input, Span<ValueIndex<T>> accumulator)
        where T : unmanaged, INumber<T>
    {
        for (int i = 0; i < accumulator.Length; i++)
        {
            ValueIndex<T> a = accumulator[i];
            ValueIndex<T> b = input[i];
            if (b.Value > a.Value || (b.Value == a.Value && b.Index < a.Index))
            {
                accumulator[i] = b;
            }
        }
    }
}
