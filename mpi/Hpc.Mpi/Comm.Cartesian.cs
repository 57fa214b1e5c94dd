namespace Hpc.Mpi;

/// <summary>
/// Cartesian topologies (MPI_Cart_*): a communicator whose ranks form a grid, so a stencil code names its neighbours
/// by direction instead of by arithmetic on ranks.
/// </summary>
/// <example>
/// <code>
/// int[] dims = Comm.DimsCreate(world.Size, 2);                        // 12 ranks: [4, 3]
/// Comm grid = world.CartCreate(dims, [false, false], reorder: false)!;
/// (int up, int down) = grid.CartShift(0, 1);                          // Comm.ProcNull at the edges
/// grid.Sendrecv&lt;double&gt;(firstRow, up, 0, bottomHalo, down, 0);
/// </code>
/// </example>
public sealed partial class Comm
{
    /// <summary>The grid of this communicator, or null when it has none.</summary>
    private CartTopology? _cartesian;

    /// <summary>The Cartesian grid of this communicator, or null when it was not made by <see cref="CartCreate"/> or <see cref="CartSub"/>.</summary>
    public CartTopology? Cartesian => _cartesian;

    /// <summary>
    /// Makes a communicator whose ranks form a grid of <paramref name="dims"/> (MPI_Cart_create): rank r of the new
    /// communicator is rank r here, at the coordinates of r in row-major order. Ranks beyond the grid's size get null.
    /// Every rank must call it with the same arguments.
    /// </summary>
    /// <param name="dims">The extent of each dimension, each at least 1; their product at most <see cref="Size"/>.</param>
    /// <param name="periods">Whether each dimension wraps around.</param>
    /// <param name="reorder">
    /// Whether ranks may be renumbered to fit the machine. Accepted and not used: ranks keep their order (as MPICH
    /// does by default), so neighbours in the grid are neighbours in rank order, which in a job are usually on the
    /// same isle.
    /// </param>
    /// <exception cref="ArgumentException">The lengths differ, an extent is below 1, or the grid needs more ranks than there are.</exception>
    public Comm? CartCreate(ReadOnlySpan<int> dims, ReadOnlySpan<bool> periods, bool reorder)
    {
        _ = reorder;
        if (dims.Length != periods.Length)
        {
            throw new ArgumentException($"dims has {dims.Length} entries but periods {periods.Length}", nameof(periods));
        }

        long size = 1;
        foreach (int extent in dims)
        {
            size *= extent >= 1 ? extent : throw new ArgumentOutOfRangeException(nameof(dims), extent, "every extent must be 1 or more");
            if (size > Size)
            {
                throw new ArgumentException($"a grid of [{string.Join(", ", dims.ToArray())}] needs more than the {Size} ranks of the communicator", nameof(dims));
            }
        }

        Comm? grid = Split(Rank < size ? 0 : -1, Rank);
        if (grid is not null)
        {
            grid._cartesian = new CartTopology(dims, periods);
        }

        return grid;
    }

    /// <summary>
    /// Chooses a balanced grid of <paramref name="nodes"/> ranks in <paramref name="dimensions"/> dimensions
    /// (MPI_Dims_create with all entries free): the extents are as close to each other as possible and in
    /// non-increasing order. 12 in 2 gives [4, 3], 7 in 2 gives [7, 1], 64 in 3 gives [4, 4, 4].
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="nodes"/> is below 1 or <paramref name="dimensions"/> below 0.</exception>
    public static int[] DimsCreate(int nodes, int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dimensions);
        int[] dims = new int[dimensions];
        DimsCreate(nodes, dims);
        return dims;
    }

    /// <summary>
    /// Fills the zero entries of <paramref name="dims"/> so that the product of all entries is <paramref name="nodes"/>
    /// (MPI_Dims_create): non-zero entries are kept; the others are chosen as close to each other as possible and in
    /// non-increasing order.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// An entry is negative, or <paramref name="nodes"/> is not a multiple of the product of the given entries (or
    /// differs from it when none is free).
    /// </exception>
    public static void DimsCreate(int nodes, Span<int> dims)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 1);
        long fixedProduct = 1;
        int free = 0;
        foreach (int extent in dims)
        {
            if (extent < 0)
            {
                throw new ArgumentException($"an extent must be 0 (free) or more, not {extent}", nameof(dims));
            }

            fixedProduct *= extent == 0 ? 1 : extent;
            free += extent == 0 ? 1 : 0;
        }

        if (nodes % fixedProduct != 0 || (free == 0 && fixedProduct != nodes))
        {
            throw new ArgumentException($"{nodes} ranks do not fill a grid with the given extents [{string.Join(", ", dims.ToArray())}]", nameof(dims));
        }

        Span<int> best = stackalloc int[free];
        Span<int> trial = stackalloc int[free];
        int bestSpread = int.MaxValue;
        BalancedFactors((int)(nodes / fixedProduct), trial, 0, int.MaxValue, best, ref bestSpread);
        int next = 0;
        for (int d = 0; d < dims.Length; d++)
        {
            if (dims[d] == 0)
            {
                dims[d] = best[next++];
            }
        }
    }

    /// <summary>
    /// Searches the factorisations of <paramref name="remaining"/> into the entries of <paramref name="trial"/> from
    /// <paramref name="at"/> on, each at most <paramref name="limit"/> (so non-increasing), and keeps in
    /// <paramref name="best"/> the one whose largest and smallest entries differ least (the first found, which has the
    /// largest leading entries, on a tie).
    /// </summary>
    private static void BalancedFactors(int remaining, Span<int> trial, int at, int limit, Span<int> best, ref int bestSpread)
    {
        if (at == trial.Length)
        {
            if (remaining == 1 && (trial.Length == 0 || trial[0] - trial[^1] < bestSpread))
            {
                bestSpread = trial.Length == 0 ? 0 : trial[0] - trial[^1];
                trial.CopyTo(best);
            }

            return;
        }

        int left = trial.Length - at;
        for (int factor = Math.Min(limit, remaining); factor >= 1; factor--)
        {
            // The entries from here on are at most this factor, so they cannot hold more than factor^left.
            if (remaining % factor != 0 || Math.Pow(factor, left) < remaining)
            {
                continue;
            }

            if (at > 0 && trial[0] - factor >= bestSpread)
            {
                break; // smaller factors only spread more
            }

            trial[at] = factor;
            BalancedFactors(remaining / factor, trial, at + 1, factor, best, ref bestSpread);
        }
    }

    /// <summary>The coordinates of <paramref name="rank"/> in this communicator's grid (MPI_Cart_coords).</summary>
    /// <exception cref="InvalidOperationException">The communicator has no Cartesian grid.</exception>
    public int[] CartCoords(int rank)
    {
        CartTopology grid = Grid();
        int[] coords = new int[grid.Dimensions];
        grid.CoordsOf(CheckRank(rank), coords);
        return coords;
    }

    /// <summary>The calling rank's coordinates in this communicator's grid.</summary>
    /// <exception cref="InvalidOperationException">The communicator has no Cartesian grid.</exception>
    public int[] CartCoords() => CartCoords(Rank);

    /// <summary>
    /// The rank at <paramref name="coords"/> (MPI_Cart_rank); a coordinate of a periodic dimension may lie outside
    /// the grid and is taken modulo its extent.
    /// </summary>
    /// <exception cref="ArgumentException">The coordinates do not have one entry per dimension, or one of a non-periodic dimension is outside the grid.</exception>
    /// <exception cref="InvalidOperationException">The communicator has no Cartesian grid.</exception>
    public int CartRank(ReadOnlySpan<int> coords)
    {
        CartTopology grid = Grid();
        if (coords.Length != grid.Dimensions)
        {
            throw new ArgumentException($"the grid has {grid.Dimensions} dimensions, not {coords.Length}", nameof(coords));
        }

        int rank = grid.RankOf(coords);
        return rank >= 0 ? rank : throw new ArgumentException($"[{string.Join(", ", coords.ToArray())}] is outside the grid in a non-periodic dimension", nameof(coords));
    }

    /// <summary>
    /// The neighbours of the calling rank <paramref name="displacement"/> steps along <paramref name="direction"/>
    /// (MPI_Cart_shift): <c>Destination</c> is the rank displacement steps ahead, <c>Source</c> the rank as many steps
    /// behind, so that a send to Destination and a receive from Source shift data along the dimension. Beyond the
    /// edge of a non-periodic dimension a neighbour is <see cref="ProcNull"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="direction"/> is not a dimension of the grid.</exception>
    /// <exception cref="InvalidOperationException">The communicator has no Cartesian grid.</exception>
    public (int Source, int Destination) CartShift(int direction, int displacement)
    {
        CartTopology grid = Grid();
        if ((uint)direction >= (uint)grid.Dimensions)
        {
            throw new ArgumentOutOfRangeException(nameof(direction), direction, $"the grid has {grid.Dimensions} dimensions");
        }

        Span<int> coords = stackalloc int[grid.Dimensions];
        grid.CoordsOf(Rank, coords);
        int here = coords[direction];
        coords[direction] = here + displacement;
        int destination = grid.RankOf(coords);
        coords[direction] = here - displacement;
        int source = grid.RankOf(coords);
        return (source < 0 ? ProcNull : source, destination < 0 ? ProcNull : destination);
    }

    /// <summary>
    /// Splits the grid into sub-grids that keep the dimensions where <paramref name="remain"/> is true (MPI_Cart_sub):
    /// ranks that agree on the coordinates of the dropped dimensions form one sub-grid, numbered in row-major order of
    /// the kept ones. Every rank must call it.
    /// </summary>
    /// <example>
    /// <code>
    /// Comm row = grid.CartSub([false, true]); // the ranks of my row of a 2-D grid, by column
    /// </code>
    /// </example>
    /// <exception cref="ArgumentException"><paramref name="remain"/> does not have one entry per dimension.</exception>
    /// <exception cref="InvalidOperationException">The communicator has no Cartesian grid.</exception>
    public Comm CartSub(ReadOnlySpan<bool> remain)
    {
        CartTopology grid = Grid();
        if (remain.Length != grid.Dimensions)
        {
            throw new ArgumentException($"the grid has {grid.Dimensions} dimensions, not {remain.Length}", nameof(remain));
        }

        Span<int> coords = stackalloc int[grid.Dimensions];
        grid.CoordsOf(Rank, coords);
        int color = 0;
        int key = 0;
        var dims = new List<int>();
        var periods = new List<bool>();
        for (int d = 0; d < grid.Dimensions; d++)
        {
            if (remain[d])
            {
                key = (key * grid.Dims[d]) + coords[d];
                dims.Add(grid.Dims[d]);
                periods.Add(grid.Periods[d]);
            }
            else
            {
                color = (color * grid.Dims[d]) + coords[d];
            }
        }

        Comm sub = Split(color, key)!;
        sub._cartesian = new CartTopology(dims.ToArray(), periods.ToArray());
        return sub;
    }

    /// <summary>This communicator's grid, or a clear error when it has none.</summary>
    private CartTopology Grid() =>
        _cartesian ?? throw new InvalidOperationException("this communicator has no Cartesian topology (make one with CartCreate)");

    /// <summary>Checks a rank of this communicator.</summary>
    private int CheckRank(int rank) =>
        (uint)rank < (uint)Size ? rank : throw new ArgumentOutOfRangeException(nameof(rank), rank, $"not a rank of this communicator of {Size}");
}
