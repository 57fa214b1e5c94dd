using BenchmarkDotNet.Attributes;
using Hpc.Mpi;

namespace Hpc.Benchmarks.Micro;

/// <summary>The element-wise combine of a reduction: Op&lt;double&gt;.Sum (TensorPrimitives) against a scalar loop.</summary>
[MemoryDiagnoser]
public class ReductionBenchmarks
{
    /// <summary>Incoming values.</summary>
    private double[] _input = [];
    /// <summary>Accumulator.</summary>
    private double[] _accumulator = [];

    /// <summary>Elements combined.</summary>
    [Params(8, 1024, 65536)]
    public int Count { get; set; }

    /// <summary>Fills the buffers.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _input = Enumerable.Range(0, Count).Select(i => i * 0.5).ToArray();
        _accumulator = new double[Count];
    }

    /// <summary>The scalar loop a reduction would run without vectorisation.</summary>
    [Benchmark(Baseline = true)]
    public void ScalarSum()
    {
        double[] input = _input;
        double[] accumulator = _accumulator;
        for (int i = 0; i < accumulator.Length; i++)
        {
            accumulator[i] += input[i];
        }
    }

    /// <summary>Op&lt;double&gt;.Sum.Apply.</summary>
    [Benchmark]
    public void OpSum() => Op<double>.Sum.Apply(_input, _accumulator);

    /// <summary>Op&lt;double&gt;.Max.Apply.</summary>
    [Benchmark]
    public void OpMax() => Op<double>.Max.Apply(_input, _accumulator);
}
