namespace Hpc.OpenMp;

/// <summary>
/// A reduction: the identity each thread's partial result starts from and the associative operation that combines
/// two partial results (OpenMP's <c>reduction</c> clause, or a <c>declare reduction</c>). Get the usual ones from
/// <see cref="Reduction"/>.
/// </summary>
/// <typeparam name="T">The reduced type.</typeparam>
public readonly struct Reduction<T>
{
    /// <summary>Creates a reduction from its identity and combining operation.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="combine"/> is null.</exception>
    public Reduction(T identity, Func<T, T, T> combine)
    {
        ArgumentNullException.ThrowIfNull(combine);
        Identity = identity;
        Combine = combine;
    }

    /// <summary>The value every partial result starts from (0 for sum, 1 for product, the largest value for min).</summary>
    public T Identity { get; }

    /// <summary>Combines two partial results; must be associative (partials are combined in thread order).</summary>
    public Func<T, T, T> Combine { get; }

    /// <summary>True for a default instance, which has no operation.</summary>
    internal bool IsDefault => Combine is null;
}
