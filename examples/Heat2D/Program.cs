// The 2D heat equation on an n × n plate (top edge held at 100, the others at 0), explicit Jacobi steps. The rows
// are split into contiguous blocks, one per rank; every step each rank swaps its edge rows (halos) with its
// neighbours. At the end rank 0 gathers the plate, runs the same steps serially and checks both agree exactly.
// Hybrid: inside a rank, each step's rows are shared by an Hpc.OpenMp team on the cores the rank owns
// (./hermit-run -n 2 --threads 2 examples/Heat2D: ranks × threads); with one core per rank the team has one thread.
using System.Globalization;
using Hpc.Mpi;
using Hpc.OpenMp;

Comm world = Comm.World;
int n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 128;
int steps = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 4000;
const double Alpha = 0.2;

// Rows [first, first + rows) of the plate belong to this rank; the local array has a halo row above and below.
int[] counts = Enumerable.Range(0, world.Size).Select(r => n / world.Size + (r < n % world.Size ? 1 : 0)).ToArray();
int first = counts.Take(world.Rank).Sum();
int rows = counts[world.Rank];
double[] u = new double[(rows + 2) * n];
double[] next = new double[(rows + 2) * n];
int up = world.Rank - 1;
int down = world.Rank + 1 < world.Size ? world.Rank + 1 : -1;

double start = Comm.Wtime();
for (int step = 0; step < steps; step++)
{
    // Halos: my first row goes up, my last row goes down; the neighbours' edge rows come back.
    if (up >= 0)
    {
        world.Sendrecv<double>(u.AsSpan(n, n), up, 0, u.AsSpan(0, n), up, 1);
    }

    if (down >= 0)
    {
        world.Sendrecv<double>(u.AsSpan(rows * n, n), down, 1, u.AsSpan((rows + 1) * n, n), down, 0);
    }

    double[] current = u, updated = next;
    Omp.ParallelFor(1, rows + 1, Schedule.Static(), i => Row(current, updated, i, n, first, Alpha));
    (u, next) = (next, u);
}

double elapsed = world.Allreduce(Comm.Wtime() - start, Op<double>.Max);

// Gather the plate at rank 0 and compare with a serial run of the same steps.
double[] plate = new double[world.Rank == 0 ? n * n : 0];
world.Gatherv<double>(u.AsSpan(n, rows * n), plate, [.. counts.Select(c => c * n)], [.. counts.Select((c, r) => counts.Take(r).Sum() * n)], 0);
if (world.Rank != 0)
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

Console.WriteLine($"heat2d {n}x{n}, {steps} steps on {world.Size} ranks × {Omp.MaxThreads} threads: {elapsed:F3} s, centre {plate[n / 2 * n + n / 2]:F6}, max difference vs serial {difference:G3}");
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
