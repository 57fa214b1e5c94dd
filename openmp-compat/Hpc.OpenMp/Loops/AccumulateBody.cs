namespace Hpc.OpenMp.Loops;

/// <summary>A body that folds each iteration into a thread-private partial result (a reduction clause).</summary>
internal struct AccumulateBody<T>(Func<int, T, T> body, T seed) : ILoopBody
{
    /// <summary>The user's body: takes the loop variable and the partial result, returns the new partial result.</summary>
    private readonly Func<int, T, T> _body = body;

    /// <summary>The partial result so far.</summary>
    public T Value = seed;

    /// <inheritdoc/>
    public void Invoke(int index) => Value = _body(index, Value);
}
