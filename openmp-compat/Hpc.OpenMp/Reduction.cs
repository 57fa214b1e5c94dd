using System.Numerics;

namespace Hpc.OpenMp;

/// <summary>
/// The reductions of OpenMP's <c>reduction</c> clause for any numeric type through generic math, and user-defined
/// ones. The delegates are cached per type: getting a reduction allocates nothing.
/// </summary>
/// <example>
/// <code>
/// double sum = Omp.ParallelFor(0, n, Schedule.Static(), Reduction.Sum&lt;double&gt;(), (i, acc) =&gt; acc + x[i] * y[i]);
/// </code>
/// </example>
public static class Reduction
{
    /// <summary>reduction(+): identity 0.</summary>
    public static Reduction<T> Sum<T>()
        where T : IAdditionOperators<T, T, T>, IAdditiveIdentity<T, T> =>
        new(T.AdditiveIdentity, static (a, b) => a + b);

    /// <summary>reduction(*): identity 1.</summary>
    public static Reduction<T> Product<T>()
        where T : IMultiplyOperators<T, T, T>, IMultiplicativeIdentity<T, T> =>
        new(T.MultiplicativeIdentity, static (a, b) => a * b);

    /// <summary>reduction(min): identity the type's largest value.</summary>
    public static Reduction<T> Min<T>()
        where T : INumber<T>, IMinMaxValue<T> =>
        new(T.MaxValue, static (a, b) => T.Min(a, b));

    /// <summary>reduction(max): identity the type's smallest value.</summary>
    public static Reduction<T> Max<T>()
        where T : INumber<T>, IMinMaxValue<T> =>
        new(T.MinValue, static (a, b) => T.Max(a, b));

    /// <summary>reduction(&amp;): identity all bits set.</summary>
    public static Reduction<T> BitwiseAnd<T>()
        where T : IBitwiseOperators<T, T, T>, IAdditiveIdentity<T, T> =>
        new(~T.AdditiveIdentity, static (a, b) => a & b);

    /// <summary>reduction(|): identity 0.</summary>
    public static Reduction<T> BitwiseOr<T>()
        where T : IBitwiseOperators<T, T, T>, IAdditiveIdentity<T, T> =>
        new(T.AdditiveIdentity, static (a, b) => a | b);

    /// <summary>reduction(^): identity 0.</summary>
    public static Reduction<T> BitwiseXor<T>()
        where T : IBitwiseOperators<T, T, T>, IAdditiveIdentity<T, T> =>
        new(T.AdditiveIdentity, static (a, b) => a ^ b);

    /// <summary>reduction(&amp;&amp;): identity true.</summary>
    public static Reduction<bool> And() => new(true, static (a, b) => a && b);

    /// <summary>reduction(||): identity false.</summary>
    public static Reduction<bool> Or() => new(false, static (a, b) => a || b);

    /// <summary>A user-defined reduction (<c>declare reduction</c>): <paramref name="combine"/> must be associative.</summary>
    public static Reduction<T> Create<T>(T identity, Func<T, T, T> combine) => new(identity, combine);
}
