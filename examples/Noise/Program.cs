// OS-noise probes on every core at once. Under hermit-run each rank measures its own core; in a plain dotnet
// process one pinned thread per cpu in cpus=LIST does. Each core writes core-CPU.csv (raw samples) and
// core-CPU.meta (what the runtime and the kernel did meanwhile) into out=DIR; hermit-noise reads them.
using System.Globalization;
using Hpc;
using Hpc.Mpi;
using Noise;

ProbeArguments arguments;
try
{
    arguments = ProbeArguments.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine($"Noise: {e.Message}");
    return 2;
}

// Set when the measured phase starts (the last barrier before it has been passed).
using var measuring = new ManualResetEventSlim();
if (arguments.ForceGcMidway && (!Job.IsRank || Job.Rank == 0))
{
    // A collection forced on purpose halfway through the measured phase, from a thread that is not measured
    // (tests of attribution).
    double delay = arguments.Options.EffectiveDurationMilliseconds / 2;
    new Thread(() =>
    {
        measuring.Wait();
        Thread.Sleep(TimeSpan.FromMilliseconds(delay));
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
    }) { IsBackground = true }.Start();
}

if (Job.IsRank)
{
    Comm world = Comm.World;
    CoreProbe.Run(arguments, Job.Cpu, Job.Rank, () =>
    {
        world.Barrier();
        measuring.Set();
    });
    world.Barrier();
    return 0;
}

// A plain process: one pinned thread per cpu, released together.
using var barrier = new Barrier(arguments.Cpus.Length, _ => WaitForSignal(arguments.StartSignal));
var threads = arguments.Cpus.Select((cpu, index) => new Thread(() =>
{
    Affinity.Pin(cpu);
    CoreProbe.Run(arguments, cpu, index, () =>
    {
        barrier.SignalAndWait();
        measuring.Set();
    });
}, 8 << 20) { Name = string.Create(CultureInfo.InvariantCulture, $"noise cpu {cpu}") }).ToList();
threads.ForEach(t => t.Start());
threads.ForEach(t => t.Join());
return 0;

// Waits until a tool that attaches to this process says it is ready (it creates the file).
static void WaitForSignal(string? path)
{
    while (path is not null && !File.Exists(path))
    {
        Thread.Sleep(1);
    }
}
