using System.Numerics;
using System.Runtime.InteropServices;

namespace Hpc.Mpi;

/// <summary>
/// Kernels of the logical operations: non-zero is true and the result is 1 or 0, as in C. A scalar loop, since
/// TensorPrimitives has no element-wise "is non-zero"; logical reductions are rare and short.
/// </summary>
internal static class LogicalKernels
{
    /// <summary>Logical AND of numbers.</summary>
    public static void And<T>(ReadOnlySpan<T> input, Span<T> accumulator)
        where T : INumberBase<T>
    {
        for (int i = 0; i < accumulator.Length; i++)
        {
            accumulator[i] = !T.IsZero(accumulator[i]) & !T.IsZero(input[i]) ? T.One : T.Zero;
        }
    }

    /// <summary>Logical OR of numbers.</summary>
    public static void Or<T>(ReadOnlySpan<T> input, Span<T> accumulator)
        where T : INumberBase<T>
    {
        for (int i = 0; i < accumulator.Length; i++)
        {
            accumulator[i] = !T.IsZero(accumulator[i]) | !T.IsZero(input[i]) ? T.One : T.Zero;
        }
    }

    /// <summary>Logical exclusive OR of numbers.</summary>
    public static void Xor<T>(ReadOnlySpan<T> input, Span<T> accumulator)
        where T : INumberBase<T>
    {
        for (int i = 0; i < accumulator.Length; i++)
        {
            accumulator[i] = !T.IsZero(accumulator[i]) ^ !T.IsZero(input[i]) ? T.One : T.Zero;
        }
    }

    /// <summary>Logical AND of booleans, read as bytes so that a non-canonical true (not 1) still counts as true.</summary>
    public static void And(ReadOnlySpan<bool> input, Span<bool> accumulator) =>
        And(MemoryMarshal.AsBytes(input), MemoryMarshal.AsBytes(accumulator));

    /// <summary>Logical OR of booleans, read as bytes.</summary>
    public static void Or(ReadOnlySpan<bool> input, Span<bool> accumulator) =>
        Or(MemoryMarshal.AsBytes(input), MemoryMarshal.AsBytes(accumulator));

    /// <summary>Logical exclusive OR of booleans, read as bytes.</summary>
    public static void Xor(ReadOnlySpan<bool> input, Span<bool> accumulator) =>
        Xor(MemoryMarshal.AsBytes(input), MemoryMarshal.AsBytes(accumulator));
}
