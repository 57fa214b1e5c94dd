// The 2D heat equation on an n × n plate (top edge held at 100, the others at 0), explicit Jacobi steps. The rows
// are split into contiguous blocks, one per rank of a one-dimensional Cartesian grid; every step each rank swaps its
// edge rows (halos) with its neighbours along the grid, which are Comm.ProcNull beyond the plate's top and bottom, so
// edge ranks run the same exchange. At the end rank 0 gathers the plate, runs the same steps serially and checks both
// agree exactly.
// Hybrid: inside a rank, each step's rows are shared by an Hpc.OpenMp team on the cores the rank owns
// (./hermit-run -n 2 --threads 2 examples/Heat2D: ranks × threads); with one core per rank the team has one thread.
using System.Globalization;
using Hpc.Mpi;
using Hpc.OpenMp;

Comm world = Comm.World;
Comm grid = world.CartCreate(Comm.DimsCreate(world.Size, 1), [false], reorder: false)!;
int n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 128;
int steps = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 4000;
const double Alpha = 0.2;

// Rows [first, first + rows) of the plate belong to this rank; the local array has a halo row above and below.
int[] counts = Enumerable.Range(0, grid.Size).Select(r => n / grid.Size + (r < n % grid.Size ? 1 : 0)).ToArray();
int first = counts.Take(grid.Rank).Sum();
int rows = counts[grid.Rank];
double[] u = new double[(rows + 2) * n];
double[] next = new double[(rows + 2) * n];
(int up, int down) = grid.CartShift(0, 1); // the ranks above and below; ProcNull at the plate's edges

double start = Comm.Wtime();
for (int step = 0; step < steps; step++)
{
    // Halos: my first row goes up while the row below mine comes up from below; then my last row goes down while
    // the row above mine comes down. A shift to or from ProcNull moves nothing (edge rows are held fixed anyway).
    grid.Sendrecv<double>(u.AsSpan(n, n), up, 0, u.AsSpan((rows + 1) * n, n), down, 0);
    grid.Sendrecv<double>(u.AsSpan(rows * n, n), down, 1, u.AsSpan(0, n), up, 1);

    double[] current = u, updated = next;
    Omp.ParallelFor(1, rows + 1, Schedule.Static(), i => Row(current, updated, i, n, first, Alpha));
    (u, next) = (next, u);
}

double elapsed = grid.Allreduce(Comm.Wtime() - start, Op<double>.Max);

// Gather the plate at rank 0 and compare with a serial run of the same steps.
double[] plate = new double[grid.Rank == 0 ? n * n : 0];
grid.Gatherv<double>(u.AsSpan(n, rows * n), plate, [.. counts.Select(c => c * n)], [.. counts.Select((c, r) => counts.Take(r).Sum() * n)], 0);
if (grid.Rank != 0)
{
    return 0;
}

double[] serial = new double[(n + 2) * n];
double[] serialNext = new double[(n + 2) * n];
for (int step = 0; step < steps; step++)
{
    Step(serial, serialNext, n, n, 0, Alpha);
    (serial, serialNext) = (serialNext, serial);
}

double difference = 0;
for (int i = 0; i < n * n; i++)
{
    difference = Math.Max(difference, Math.Abs(plate[i] - serial[n + i]));
}

Console.WriteLine($"heat2d {n}x{n}, {steps} steps on {grid.Size} ranks × {Omp.MaxThreads} threads: {elapsed:F3} s, centre {plate[n / 2 * n + n / 2]:F6}, max difference vs serial {difference:G3}");
return difference == 0 ? 0 : 1;

// One Jacobi step over local rows 1..rows (global row first + i - 1), on one thread.
static void Step(double[] u, double[] next, int rows, int n, int first, double alpha)
{
    for (int i = 1; i <= rows; i++)
    {
        Row(u, next, i, n, first, alpha);
    }
}

// One local row i of a Jacobi step; plate edges are held fixed. Rows are independent, so threads may share them.
static void Row(double[] u, double[] next, int i, int n, int first, double alpha)
{
    int global = first + i - 1;
    for (int j = 0; j < n; j++)
    {
        int k = i * n + j;
        next[k] = global == 0 ? 100.0
            : global == n - 1 || j == 0 || j == n - 1 ? 0.0
            : u[k] + alpha * (u[k - n] + u[k + n] + u[k - 1] + u[k + 1] - 4 * u[k]);
    }
}
