using System.Numerics;
using System.Numerics.Tensors;

namespace Hpc.Mpi;

/// <summary>
/// The built-in reduction operations with their generic math constraints checked at compile time:
/// <c>Op.BitwiseAnd&lt;double&gt;()</c> does not compile, where <c>Op&lt;double&gt;.BitwiseAnd</c> throws. Each
/// method returns the same cached instance as the matching property of <see cref="Op{T}"/>, and also works for number
/// types of your own that implement the interfaces.
/// </summary>
public static class Op
{
    /// <summary>Element-wise sum; see <see cref="Op{T}.Sum"/>.</summary>
    public static Op<T> Sum<T>()
        where T : unmanaged, INumberBase<T> =>
        Op<T>.GetOrAddBuiltIn(OpKind.Sum, static (input, accumulator) => TensorPrimitives.Add(accumulator, input, accumulator));

    /// <summary>Element-wise product; see <see cref="Op{T}.Prod"/>.</summary>
    public static Op<T> Prod<T>()
        where T : unmanaged, INumberBase<T> =>
        Op<T>.GetOrAddBuiltIn(OpKind.Prod, static (input, accumulator) => TensorPrimitives.Multiply(accumulator, input, accumulator));

    /// <summary>Element-wise minimum, NaN-propagating for floating point; see <see cref="Op{T}.Min"/>.</summary>
    public static Op<T> Min<T>()
        where T : unmanaged, INumber<T> =>
        Op<T>.GetOrAddBuiltIn(OpKind.Min, static (input, accumulator) => TensorPrimitives.Min(accumulator, input, accumulator));

    /// <summary>Element-wise maximum, NaN-propagating for floating point; see <see cref="Op{T}.Max"/>.</summary>
    public static Op<T> Max<T>()
        where T : unmanaged, INumber<T> =>
        Op<T>.GetOrAddBuiltIn(OpKind.Max, static (input, accumulator) => TensorPrimitives.Max(accumulator, input, accumulator));

    /// <summary>Logical AND, result 1 or 0; see <see cref="Op{T}.LogicalAnd"/>.</summary>
    public static Op<T> LogicalAnd<T>()
        where T : unmanaged, INumberBase<T> =>
        Op<T>.GetOrAddBuiltIn(OpKind.LogicalAnd, LogicalKernels.And);

    /// <summary>Logical OR, result 1 or 0; see <see cref="Op{T}.LogicalOr"/>.</summary>
    public static Op<T> LogicalOr<T>()
        where T : unmanaged, INumberBase<T> =>
        Op<T>.GetOrAddBuiltIn(OpKind.LogicalOr, LogicalKernels.Or);

    /// <summary>Logical exclusive OR, result 1 or 0; see <see cref="Op{T}.LogicalXor"/>.</summary>
    public static Op<T> LogicalXor<T>()
        where T : unmanaged, INumberBase<T> =>
        Op<T>.GetOrAddBuiltIn(OpKind.LogicalXor, LogicalKernels.Xor);

    /// <summary>Element-wise bitwise AND; see <see cref="Op{T}.BitwiseAnd"/>.</summary>
    public static Op<T> BitwiseAnd<T>()
        where T : unmanaged, IBinaryInteger<T> =>
        Op<T>.GetOrAddBuiltIn(OpKind.BitwiseAnd, static (input, accumulator) => TensorPrimitives.BitwiseAnd(accumulator, input, accumulator));

    /// <summary>Element-wise bitwise OR; see <see cref="Op{T}.BitwiseOr"/>.</summary>
    public static Op<T> BitwiseOr<T>()
        where T : unmanaged, IBinaryInteger<T> =>
        Op<T>.GetOrAddBuiltIn(OpKind.BitwiseOr, static (input, accumulator) => TensorPrimitives.BitwiseOr(accumulator, input, accumulator));

    /// <summary>Element-wise bitwise exclusive OR; see <see cref="Op{T}.BitwiseXor"/>.</summary>
    public static Op<T> BitwiseXor<T>()
        where T : unmanaged, IBinaryInteger<T> =>
        Op<T>.GetOrAddBuiltIn(OpKind.BitwiseXor, static (input, accumulator) => TensorPrimitives.Xor(accumulator, input, accumulator));

    /// <summary>
    /// The minimum of value-index pairs and the index it came with (MPI_MINLOC); on equal values the lower index wins,
    /// as in MPI, so the result is the same whatever order the collective combines in.
    /// </summary>
    /// <example>
    /// <code>
    /// ValueIndex&lt;double&gt; best = world.Allreduce(new ValueIndex&lt;double&gt;(cost, world.Rank), Op.MinLoc&lt;double&gt;());
    /// </code>
    /// </example>
    public static Op<ValueIndex<T>> MinLoc<T>()
        where T : unmanaged, INumber<T> =>
        Op<ValueIndex<T>>.GetOrAddBuiltIn(OpKind.MinLoc, LocationKernels.MinLoc);

    /// <summary>
    /// The maximum of value-index pairs and the index it came with (MPI_MAXLOC); on equal values the lower index wins,
    /// as in MPI.
    /// </summary>
    public static Op<ValueIndex<T>> MaxLoc<T>()
        where T : unmanaged, INumber<T> =>
        Op<ValueIndex<T>>.GetOrAddBuiltIn(OpKind.MaxLoc, LocationKernels.MaxLoc);
}
