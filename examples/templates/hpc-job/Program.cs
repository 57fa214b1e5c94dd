// π by the midpoint rule: each rank takes a block of the intervals, an OpenMP-style loop shares the block among
// the rank's cores, and an Allreduce adds the ranks' parts.   hermit-run -n 4 HpcJob [intervals]
using System.Globalization;
using Hpc;
using Hpc.Mpi;
using Hpc.OpenMp;

Comm world = Comm.World;
int intervals = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000_000;
double width = 1.0 / intervals;
int first = (int)((long)intervals * world.Rank / world.Size);
int last = (int)((long)intervals * (world.Rank + 1) / world.Size);
double part = Omp.ParallelFor(first, last, Reduction.Sum<double>(), (i, sum) =>
{
    double x = (i + 0.5) * width;
    return sum + 4.0 / (1.0 + x * x);
});
double pi = world.Allreduce(part * width, Op<double>.Sum);
Console.WriteLine($"rank {world.Rank} of {world.Size} on isle {Job.Isle}, cpu {Job.Cpu}: {last - first} intervals");
if (world.Rank == 0)
{
    Console.WriteLine($"pi ≈ {pi.ToString("F10", CultureInfo.InvariantCulture)} (error {Math.Abs(pi - Math.PI):E1})");
}
