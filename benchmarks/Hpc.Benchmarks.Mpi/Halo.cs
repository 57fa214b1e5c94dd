using System.Numerics;
using System.Runtime.CompilerServices;
using Hpc.Mpi;

namespace Hpc.Benchmarks.Mpi;

/// <summary>
/// A 2-D halo exchange, examples/Heat2D's inner step: the ranks on a DimsCreate grid (not periodic), each holding an
/// <see cref="Plan.HaloSide"/>² block of doubles inside a frame of ghost cells. A step exchanges the four edges with
/// the neighbours by Sendrecv (columns packed), then applies the 5-point stencil. Rank 0 reports µs per step as
/// <c>halo RANKS US</c>; benchmarks/peers/osu_like.c does the same work with MPICH.
/// </summary>
internal static class Halo
{
    /// <summary>Runs the warm-up and the timed batches; every rank checks the grid's sum stayed finite.</summary>
    public static void Run(Comm world)
    {
        int[] dims = Comm.DimsCreate(world.Size, 2);
        Comm grid = world.CartCreate(dims, [false, false], reorder: false)!;
        var block = new Block(grid);
        int steps = Plan.HaloSteps(world.Size);
        for (int i = 0; i < Plan.HaloWarmup(world.Size); i++)
        {
            block.Step();
        }

        Span<double> batchMicroseconds = stackalloc double[Plan.Batches];
        for (int batch = 0; batch < Plan.Batches; batch++)
        {
            grid.Barrier();
            long start = Clock.Now();
            for (int i = 0; i < steps; i++)
            {
                block.Step();
            }

            batchMicroseconds[batch] = Clock.MicrosecondsSince(start) / steps;
        }

        if (!double.IsFinite(block.Sum()))
        {
            throw new InvalidOperationException("the halo exchange's grid went non-finite");
        }

        if (world.Rank == 0)
        {
            Report.Line("halo", world.Size, Median.Of(batchMicroseconds));
        }
    }

    /// <summary>One rank's block: the grid, its next state, and the packed column buffers.</summary>
    private sealed class Block
    {
        /// <summary>Cells per side of the block (without the ghost frame).</summary>
        private const int N = Plan.HaloSide;
        /// <summary>Cells per row with the ghost frame.</summary>
        private const int Stride = N + 2;

        private readonly Comm _grid;
        private readonly int _north, _south, _west, _east;
        private double[] _cells = new double[Stride * Stride];
        private double[] _next = new double[Stride * Stride];
        private readonly double[] _outgoing = new double[N];
        private readonly double[] _incoming = new double[N];

        public Block(Comm grid)
        {
            _grid = grid;
            (_north, _south) = grid.CartShift(0, 1);
            (_west, _east) = grid.CartShift(1, 1);
            for (int i = 1; i <= N; i++)
            {
                for (int j = 1; j <= N; j++)
                {
                    _cells[(i * Stride) + j] = ((grid.Rank * 7) + i + (3 * j)) % 11;
                }
            }
        }

        /// <summary>Edges to the neighbours, ghosts from them, then one stencil sweep.</summary>
        public void Step()
        {
            double[] u = _cells;
            // Rows: the first interior row goes north while the south ghost row comes in, and back.
            _grid.Sendrecv<double>(u.AsSpan(Stride + 1, N), _north, 0, u.AsSpan(((N + 1) * Stride) + 1, N), _south, 0);
            _grid.Sendrecv<double>(u.AsSpan((N * Stride) + 1, N), _south, 1, u.AsSpan(1, N), _north, 1);
            // Columns, packed: the first interior column goes west while the east ghost column comes in, and back.
            ExchangeColumn(1, _west, N + 1, _east, 2);
            ExchangeColumn(N, _east, 0, _west, 3);

            double[] next = _next;
            for (int i = 1; i <= N; i++)
            {
                // One row at a time through refs (no bounds checks) and Vector<double> lanes: gcc -O2 vectorises the
                // C loop by itself, RyuJIT does not, so the C# states the same arithmetic (same order, same results
                // bit for bit) with explicit vectors, and the figure compares message passing, not loop optimisers.
                ref double centre = ref u[(i * Stride) + 1];
                ref double target = ref next[(i * Stride) + 1];
                int j = 0;
                for (; j <= N - Vector<double>.Count; j += Vector<double>.Count)
                {
                    Vector<double> sum = Vector.LoadUnsafe(ref Unsafe.Add(ref centre, j - Stride)) + Vector.LoadUnsafe(ref Unsafe.Add(ref centre, j + Stride))
                        + Vector.LoadUnsafe(ref Unsafe.Add(ref centre, j - 1)) + Vector.LoadUnsafe(ref Unsafe.Add(ref centre, j + 1));
                    (sum * 0.25).StoreUnsafe(ref Unsafe.Add(ref target, j));
                }

                for (; j < N; j++)
                {
                    Unsafe.Add(ref target, j) = 0.25 * (Unsafe.Add(ref centre, j - Stride) + Unsafe.Add(ref centre, j + Stride)
                        + Unsafe.Add(ref centre, j - 1) + Unsafe.Add(ref centre, j + 1));
                }
            }

            (_cells, _next) = (next, u);
        }

        /// <summary>The interior cells' sum.</summary>
        public double Sum()
        {
            double sum = 0;
            for (int i = 1; i <= N; i++)
            {
                for (int j = 1; j <= N; j++)
                {
                    sum += _cells[(i * Stride) + j];
                }
            }

            return sum;
        }

        /// <summary>Sends column <paramref name="column"/> to <paramref name="to"/>, receives ghost column <paramref name="ghost"/> from <paramref name="from"/>.</summary>
        private void ExchangeColumn(int column, int to, int ghost, int from, int tag)
        {
            double[] u = _cells;
            for (int i = 0; i < N; i++)
            {
                _outgoing[i] = u[((i + 1) * Stride) + column];
            }

            _grid.Sendrecv<double>(_outgoing, to, tag, _incoming, from, tag);
            if (from != Comm.ProcNull)
            {
                for (int i = 0; i < N; i++)
                {
                    u[((i + 1) * Stride) + ghost] = _incoming[i];
                }
            }
        }
    }
}
