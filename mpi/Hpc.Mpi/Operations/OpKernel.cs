namespace Hpc.Mpi;

/// <summary>
/// The vector form of a reduction: <c>inoutAccumulator[i] = op(inoutAccumulator[i], input[i])</c> for every i.
/// Both spans have the same length.
/// </summary>
internal delegate void OpKernel<T>(ReadOnlySpan<T> input, Span<T> inoutAccumulator)
    where T : unmanaged;
