// Each rank runs an Hpc.OpenMp team and prints one line:
//   rank R threads T procs P sum S cpus C0,C1,...
// T is the team size, P the cores the rank owns, S a parallel reduction over 0..99999 (4999950000 when right),
// C the cpu each team thread ran on (by thread number), read while every thread is inside the region.
using Hpc;
using Hpc.OpenMp;

int threads = Omp.MaxThreads;
int[] cpus = new int[threads];
Omp.Parallel(() =>
{
    cpus[Omp.ThreadNum] = Job.Cpu;
    Omp.Barrier();
});
long sum = Omp.ParallelFor(0, 100_000, Schedule.Dynamic(100), Reduction.Sum<long>(), (i, acc) => acc + i);
Console.WriteLine($"rank {Job.Rank} threads {threads} procs {Omp.NumProcs} sum {sum} cpus {string.Join(',', cpus)}");
