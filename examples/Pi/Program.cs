// π = ∫₀¹ 4 / (1 + x²) dx by the midpoint rule: each rank integrates a strided share of the intervals, and an
// Allreduce adds the shares up.
using System.Globalization;
using Hpc.Mpi;

Comm world = Comm.World;
long intervals = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 50_000_000;
double width = 1.0 / intervals;
double sum = 0;
for (long i = world.Rank; i < intervals; i += world.Size)
{
    double x = (i + 0.5) * width;
    sum += 4.0 / (1.0 + x * x);
}

double pi = world.Allreduce(sum * width, Op<double>.Sum);
if (world.Rank == 0)
{
    Console.WriteLine($"pi ≈ {pi:F12} (error {Math.Abs(pi - Math.PI):E2}) from {intervals:N0} intervals on {world.Size} ranks");
}
