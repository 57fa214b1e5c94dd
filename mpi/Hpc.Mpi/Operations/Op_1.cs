using System.Diagnostics;

namespace Hpc.Mpi;

/// <summary>
/// A reduction operation over elements of type <typeparamref name="T"/>, used by reduce, allreduce and scan.
/// Operations are associative; the built-in ones are also commutative. Collectives combine the contributions of a
/// non-commutative operation in rank order: <c>x0 op x1 op ... op x(n-1)</c>.
/// </summary>
/// <remarks>
/// <para>
/// The built-in operations are static properties, spelled as in MPI.NET: <c>Op&lt;int&gt;.Sum</c>,
/// <c>Op&lt;double&gt;.Max</c>, <c>Op&lt;bool&gt;.LogicalAnd</c>. They exist for the built-in number types
/// (<see cref="sbyte"/> to <see cref="UInt128"/>, <see cref="nint"/>, <see cref="nuint"/>, <see cref="Half"/>,
/// <see cref="float"/>, <see cref="double"/>, <see cref="decimal"/>, <see cref="System.Numerics.Complex"/>) and, for
/// the logical operations, <see cref="bool"/>. A property that does not fit <typeparamref name="T"/> (for example
/// <c>Op&lt;double&gt;.BitwiseAnd</c>) throws <see cref="NotSupportedException"/>. The same operations with
/// compile-time checked constraints, which also serve number types of your own that implement the generic math
/// interfaces, are the methods of <see cref="Op"/>: <c>Op.Sum&lt;T&gt;()</c> returns the same instance as
/// <c>Op&lt;T&gt;.Sum</c>.
/// </para>
/// <para>
/// <see cref="Apply"/> of the arithmetic and bitwise operations is vectorised with
/// <see cref="System.Numerics.Tensors.TensorPrimitives"/>; the logical operations and user operations run a scalar loop.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var sum = Op&lt;int&gt;.Sum;
/// Span&lt;int&gt; total = [1, 2, 3];
/// sum.Apply([10, 20, 30], total);                            // total is [11, 22, 33]
/// var first = Op&lt;long&gt;.Create((a, b) => a, commutative: false); // keeps the lowest rank's value
/// </code>
/// </example>
/// <typeparam name="T">The element type.</typeparam>
public sealed class Op<T>
    where T : unmanaged
{
    /// <summary>The built-in operations made so far for <typeparamref name="T"/>, indexed by <see cref="OpKind"/>.</summary>
    private static readonly Op<T>?[] s_builtIns = new Op<T>?[(int)OpKind.User];

    /// <summary>Combines with the accumulator as left operand: <c>acc[i] = op(acc[i], input[i])</c>.</summary>
    private readonly OpKernel<T> _apply;

    /// <summary>Combines with the accumulator as right operand: <c>acc[i] = op(input[i], acc[i])</c>; null when commutative.</summary>
    private readonly OpKernel<T>? _applyLeft;

    /// <summary>Creates an operation from its kernels.</summary>
    private Op(OpKind kind, string name, bool commutative, OpKernel<T> apply, OpKernel<T>? applyLeft)
    {
        Debug.Assert(commutative == (applyLeft is null), "A non-commutative operation needs its left-operand kernel.");
        Kind = kind;
        Name = name;
        IsCommutative = commutative;
        _apply = apply;
        _applyLeft = applyLeft;
    }

    /// <summary>Element-wise sum (integers wrap around on overflow).</summary>
    public static Op<T> Sum => BuiltIn(OpKind.Sum);

    /// <summary>Element-wise product (integers wrap around on overflow).</summary>
    public static Op<T> Prod => BuiltIn(OpKind.Prod);

    /// <summary>
    /// Element-wise minimum. For floating-point numbers it follows <see cref="Math.Min(double, double)"/> (IEEE 754
    /// <c>minimum</c>): a NaN on either side gives NaN, and -0 is less than +0.
    /// </summary>
    public static Op<T> Min => BuiltIn(OpKind.Min);

    /// <summary>
    /// Element-wise maximum. For floating-point numbers it follows <see cref="Math.Max(double, double)"/> (IEEE 754
    /// <c>maximum</c>): a NaN on either side gives NaN, and +0 is greater than -0.
    /// </summary>
    public static Op<T> Max => BuiltIn(OpKind.Max);

    /// <summary>Logical AND: non-zero (or <see langword="true"/>) counts as true; the result is 1 or 0.</summary>
    public static Op<T> LogicalAnd => BuiltIn(OpKind.LogicalAnd);

    /// <summary>Logical OR: non-zero (or <see langword="true"/>) counts as true; the result is 1 or 0.</summary>
    public static Op<T> LogicalOr => BuiltIn(OpKind.LogicalOr);

    /// <summary>Logical exclusive OR: non-zero (or <see langword="true"/>) counts as true; the result is 1 or 0.</summary>
    public static Op<T> LogicalXor => BuiltIn(OpKind.LogicalXor);

    /// <summary>Element-wise bitwise AND; integer types only.</summary>
    public static Op<T> BitwiseAnd => BuiltIn(OpKind.BitwiseAnd);

    /// <summary>Element-wise bitwise OR; integer types only.</summary>
    public static Op<T> BitwiseOr => BuiltIn(OpKind.BitwiseOr);

    /// <summary>Element-wise bitwise exclusive OR; integer types only.</summary>
    public static Op<T> BitwiseXor => BuiltIn(OpKind.BitwiseXor);

    /// <summary>The operation's name, e.g. <c>Sum</c>, or <c>User</c> for operations made by <see cref="Create"/>.</summary>
    public string Name { get; }

    /// <summary>Whether <c>a op b == b op a</c>. Collectives reduce a non-commutative operation in rank order.</summary>
    public bool IsCommutative { get; }

    /// <summary>Which operation this is.</summary>
    internal OpKind Kind { get; }

    /// <summary>Makes a user operation from a scalar function, which must be associative.</summary>
    /// <param name="combine">The operation; called as <c>combine(lower rank's value, higher rank's value)</c>.</param>
    /// <param name="commutative">Whether the operands may be swapped; if not, collectives keep rank order.</param>
    /// <exception cref="ArgumentNullException"><paramref name="combine"/> is null.</exception>
    public static Op<T> Create(Func<T, T, T> combine, bool commutative = true)
    {
        ArgumentNullException.ThrowIfNull(combine);
        OpKernel<T> apply = (input, accumulator) =>
        {
            for (int i = 0; i < accumulator.Length; i++)
            {
                accumulator[i] = combine(accumulator[i], input[i]);
            }
        };
        OpKernel<T>? applyLeft = commutative ? null : (left, accumulator) =>
        {
            for (int i = 0; i < accumulator.Length; i++)
            {
                accumulator[i] = combine(left[i], accumulator[i]);
            }
        };
        return new Op<T>(OpKind.User, "User", commutative, apply, applyLeft);
    }

    /// <summary>Combines <paramref name="input"/> into the accumulator: <c>inoutAccumulator[i] = op(inoutAccumulator[i], input[i])</c>.</summary>
    /// <param name="input">The right operands.</param>
    /// <param name="inoutAccumulator">The left operands on entry, the results on return.</param>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public void Apply(ReadOnlySpan<T> input, Span<T> inoutAccumulator)
    {
        if (input.Length != inoutAccumulator.Length)
        {
            throw new ArgumentException(
                $"The input has {input.Length} elements but the accumulator {inoutAccumulator.Length}.", nameof(input));
        }

        _apply(input, inoutAccumulator);
    }

    /// <summary>Returns <see cref="Name"/>.</summary>
    public override string ToString() => Name;

    /// <summary><see cref="Apply"/> without the length check: <paramref name="input"/> is the right operand.</summary>
    internal void ApplyRight(ReadOnlySpan<T> input, Span<T> inoutAccumulator)
    {
        Debug.Assert(input.Length == inoutAccumulator.Length);
        _apply(input, inoutAccumulator);
    }

    /// <summary>Combines <paramref name="left"/> as the left operand: <c>inoutAccumulator[i] = op(left[i], inoutAccumulator[i])</c>; lengths are equal.</summary>
    internal void ApplyLeft(ReadOnlySpan<T> left, Span<T> inoutAccumulator)
    {
        Debug.Assert(left.Length == inoutAccumulator.Length);

        // A commutative operation does not care which side the accumulator is on.
        (_applyLeft ?? _apply)(left, inoutAccumulator);
    }

    /// <summary>
    /// The cached built-in operation <paramref name="kind"/>, made with <paramref name="kernel"/> on first use.
    /// Called by the constrained factories of <see cref="Op"/>.
    /// </summary>
    internal static Op<T> GetOrAddBuiltIn(OpKind kind, OpKernel<T> kernel)
    {
        Debug.Assert(kind != OpKind.User);
        Op<T>? existing = Volatile.Read(ref s_builtIns[(int)kind]);
        if (existing is not null)
        {
            return existing;
        }

        var created = new Op<T>(kind, kind.ToString(), commutative: true, kernel, applyLeft: null);

        // Racing threads agree on one instance, so every caller sees the same object.
        return Interlocked.CompareExchange(ref s_builtIns[(int)kind], created, null) ?? created;
    }

    /// <summary>The built-in operation <paramref name="kind"/> for <typeparamref name="T"/>, or a clear error.</summary>
    private static Op<T> BuiltIn(OpKind kind)
    {
        Op<T>? existing = Volatile.Read(ref s_builtIns[(int)kind]);
        return existing ?? PrimitiveOps.Create<T>(kind) ?? throw Unsupported(kind);
    }

    /// <summary>Explains why <paramref name="kind"/> does not exist for <typeparamref name="T"/>.</summary>
    private static NotSupportedException Unsupported(OpKind kind)
    {
        string type = typeof(T).Name;
        string why = !PrimitiveOps.IsBuiltInType(typeof(T))
            ? $"{type} is not a built-in number type. If it implements the generic math interfaces use Op.{kind}<{type}>(), " +
              $"otherwise Op<{type}>.Create(...)."
            : kind switch
            {
                OpKind.BitwiseAnd or OpKind.BitwiseOr or OpKind.BitwiseXor =>
                    $"{type} is not an integer type (bitwise operations need IBinaryInteger<T>).",
                OpKind.Min or OpKind.Max => $"{type} has no ordering (minimum and maximum need INumber<T>).",
                _ => $"{type} is not a number type (arithmetic needs INumberBase<T>).",
            };
        return new NotSupportedException($"Op<{type}>.{kind} is not supported: {why}");
    }
}
