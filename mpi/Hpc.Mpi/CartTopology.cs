namespace Hpc.Mpi;

/// <summary>
/// The Cartesian grid of a communicator made by <see cref="Comm.CartCreate"/> or <see cref="Comm.CartSub"/>: its
/// extent and periodicity in each dimension. Ranks are laid out in row-major order: the last dimension varies
/// fastest, as in MPI.
/// </summary>
public sealed class CartTopology
{
    /// <summary>The extent of each dimension.</summary>
    private readonly int[] _dims;
    /// <summary>Whether each dimension wraps around.</summary>
    private readonly bool[] _periods;

    /// <summary>Creates a grid (arguments checked by the caller, copied here).</summary>
    internal CartTopology(ReadOnlySpan<int> dims, ReadOnlySpan<bool> periods)
    {
        _dims = dims.ToArray();
        _periods = periods.ToArray();
        int size = 1;
        foreach (int extent in _dims)
        {
            size *= extent;
        }

        Size = size;
    }

    /// <summary>The number of dimensions (MPI_Cartdim_get).</summary>
    public int Dimensions => _dims.Length;

    /// <summary>The extent of each dimension.</summary>
    public ReadOnlySpan<int> Dims => _dims;

    /// <summary>Whether each dimension is periodic (wraps around).</summary>
    public ReadOnlySpan<bool> Periods => _periods;

    /// <summary>The number of ranks of the grid: the product of the extents.</summary>
    public int Size { get; }

    /// <summary>Writes the coordinates of <paramref name="rank"/> (in [0, <see cref="Size"/>)) into <paramref name="coords"/>.</summary>
    internal void CoordsOf(int rank, Span<int> coords)
    {
        for (int d = _dims.Length - 1; d >= 0; d--)
        {
            coords[d] = rank % _dims[d];
            rank /= _dims[d];
        }
    }

    /// <summary>
    /// The rank at <paramref name="coords"/>, a coordinate of a periodic dimension taken modulo its extent; -1 when a
    /// coordinate of a non-periodic dimension is outside the grid.
    /// </summary>
    internal int RankOf(ReadOnlySpan<int> coords)
    {
        int rank = 0;
        for (int d = 0; d < _dims.Length; d++)
        {
            int c = coords[d];
            if (c < 0 || c >= _dims[d])
            {
                if (!_periods[d])
                {
                    return -1;
                }

                c = ((c % _dims[d]) + _dims[d]) % _dims[d];
            }

            rank = (rank * _dims[d]) + c;
        }

        return rank;
    }
}
