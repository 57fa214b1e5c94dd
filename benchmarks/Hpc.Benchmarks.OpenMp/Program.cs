// The C# side of `benchmarks/run omp`: EPCC syncbench and schedbench for Hpc.OpenMp (hpc) or for .NET's
// Parallel.For/Barrier (dotnet). Prints "omp-MEASURE THREADS OVERHEAD LOW HIGH" lines (µs, 95 % interval), like benchmarks/peers/epcc_omp.c.
// usage: Hpc.Benchmarks.OpenMp hpc|dotnet [sync] [sched]   (the thread count is OMP_NUM_THREADS, else the cpus)
using System.Globalization;
using Hpc.Benchmarks.OpenMp;
using Hpc.OpenMp;

if (args.Length < 1 || args[0] is not ("hpc" or "dotnet") || args.Skip(1).Any(a => a is not ("sync" or "sched")))
{
    Console.Error.WriteLine("usage: Hpc.Benchmarks.OpenMp hpc|dotnet [sync] [sched]");
    return 2;
}

bool sync = args.Length == 1 || args.Contains("sync");
bool sched = args.Length == 1 || args.Contains("sched");
Epcc.Calibrate();
if (args[0] == "hpc")
{
    HpcOpenMpTests.Run(sync, sched);
}
else
{
    int threads = int.TryParse(Environment.GetEnvironmentVariable("OMP_NUM_THREADS"), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0
        ? n
        : Omp.NumProcs;
    DotNetTests.Run(threads, sync, sched);
}

return 0;
