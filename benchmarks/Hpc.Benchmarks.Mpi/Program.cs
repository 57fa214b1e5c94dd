// OSU-style measurements of Hpc.Mpi: ./hermit-run -n 2 Hpc.Benchmarks.Mpi.dll latency|bandwidth|collectives|halo|overlap.
// Rank 0 prints the machine-readable lines benchmarks/Hpc.Benchmarks.Runner parses (see Report).
using Hpc.Benchmarks.Mpi;
using Hpc.Mpi;

Comm world = Comm.World;
string measure = args.Length > 0 ? args[0] : "";
bool pointToPoint = measure is "latency" or "bandwidth";
if (!pointToPoint && measure is not ("collectives" or "halo" or "overlap"))
{
    if (world.Rank == 0)
    {
        Console.Error.WriteLine("usage: Hpc.Benchmarks.Mpi latency|bandwidth|collectives|halo|overlap");
    }

    return 2;
}

if (pointToPoint && world.Size < 2)
{
    if (world.Rank == 0)
    {
        Console.Error.WriteLine($"Hpc.Benchmarks.Mpi: {measure} needs at least 2 ranks");
    }

    return 2;
}

Warmup.Run(world);
switch (measure)
{
    case "latency":
        Latency.Run(world);
        break;
    case "bandwidth":
        Bandwidth.Run(world);
        break;
    case "halo":
        Halo.Run(world);
        break;
    case "overlap":
        Overlap.Run(world);
        break;
    default:
        Collectives.Run(world);
        break;
}

return 0;
