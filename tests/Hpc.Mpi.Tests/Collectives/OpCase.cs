namespace Hpc.Mpi.Tests.Collectives;

/// <summary>An operation with its scalar meaning and the test values that keep results exact whatever the order.</summary>
/// <param name="Name">The case's name in test names.</param>
/// <param name="Op">The operation under test.</param>
/// <param name="Scalar">The reference: the operation on two elements.</param>
/// <param name="Value">The element of a rank's buffer at an index.</param>
public sealed record OpCase<T>(string Name, Op<T> Op, Func<T, T, T> Scalar, Func<int, int, T> Value)
    where T : unmanaged
{
    /// <summary>The name, for test names.</summary>
    public override string ToString() => Name;

    /// <summary>The serial reference: x0 op x1 op ... op x(ranks − 1) at each index.</summary>
    public T[] Fold(int ranks, int count) => Prefix(ranks - 1, count);

    /// <summary>x0 op ... op x(last) at each index (inclusive prefix up to rank <paramref name="last"/>).</summary>
    public T[] Prefix(int last, int count)
    {
        T[] result = Ranks.Fill(0, count, Value);
        for (int rank = 1; rank <= last; rank++)
        {
            for (int i = 0; i < count; i++)
            {
                result[i] = Scalar(result[i], Value(rank, i));
            }
        }

        return result;
    }
}
