using BenchmarkDotNet.Attributes;
using Hpc.OpenMp;

namespace Hpc.Benchmarks.Micro;

/// <summary>
/// Hpc.OpenMp in steady state: a region, combined loops under each schedule, a reduction, barriers and single
/// inside a region. The memory diagnoser shows 0 B allocated per operation: the team, its work objects and the
/// reduction slots are reused. The bodies are static lambdas over static fields, so the caller allocates nothing
/// either (a capturing lambda would allocate its closure in the caller, not in Hpc.OpenMp).
/// </summary>
[MemoryDiagnoser]
public class OpenMpBenchmarks
{
    /// <summary>Iterations of each loop.</summary>
    private const int Iterations = 1024;
    /// <summary>The loops' data.</summary>
    private static readonly double[] s_data = new double[Iterations];
    /// <summary>A loop body.</summary>
    private static readonly Action<int> s_scale = static i => s_data[i] = (s_data[i] * 0.5) + 1;
    /// <summary>A reduction body.</summary>
    private static readonly Func<int, double, double> s_sum = static (i, acc) => acc + s_data[i];
    /// <summary>An empty region body.</summary>
    private static readonly Action s_empty = static () => { };
    /// <summary>A region body with barriers and a single.</summary>
    private static readonly Action s_synchronised = static () =>
    {
        Omp.Barrier();
        Omp.Single(s_empty);
        Omp.For(0, Iterations, Schedule.Static(), s_scale);
    };

    /// <summary>Starts the team before measuring.</summary>
    [GlobalSetup]
    public void Setup() => Omp.Parallel(s_empty);

    /// <summary>An empty parallel region.</summary>
    [Benchmark(Baseline = true)]
    public void Region() => Omp.Parallel(s_empty);

    /// <summary>parallel for schedule(static).</summary>
    [Benchmark]
    public void ParallelForStatic() => Omp.ParallelFor(0, Iterations, Schedule.Static(), s_scale);

    /// <summary>parallel for schedule(dynamic, 16).</summary>
    [Benchmark]
    public void ParallelForDynamic() => Omp.ParallelFor(0, Iterations, Schedule.Dynamic(16), s_scale);

    /// <summary>parallel for schedule(guided).</summary>
    [Benchmark]
    public void ParallelForGuided() => Omp.ParallelFor(0, Iterations, Schedule.Guided(), s_scale);

    /// <summary>parallel for reduction(+).</summary>
    [Benchmark]
    public double ParallelForSum() => Omp.ParallelFor(0, Iterations, Schedule.Static(), Reduction.Sum<double>(), s_sum);

    /// <summary>A region with a barrier, a single and a work-shared loop.</summary>
    [Benchmark]
    public void RegionWithBarrierSingleFor() => Omp.Parallel(s_synchronised);
}
