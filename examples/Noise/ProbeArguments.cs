using System.Globalization;
using Hpc.Noise;
using Hpc.Quiet;

namespace Noise;

/// <summary>The job's arguments, as key=value words (so hermit-run passes them untouched).</summary>
/// <param name="Options">What each core measures.</param>
/// <param name="OutputDirectory">Where each core writes core-CPU.csv and core-CPU.meta.</param>
/// <param name="Cpus">Outside hermit-run: the cpus to measure, one thread pinned on each.</param>
/// <param name="Quiet">Enter a quiet phase (no GC, runtime threads moved) around the measurement.</param>
/// <param name="StartSignal">A file to wait for before measuring (a tool attaching first), or null.</param>
/// <param name="WarmupSamples">Unmeasured samples first, so the loop's code is compiled before it is timed.</param>
/// <param name="ForceGcMidway">Collect on purpose in the middle of the measurement (a test of attribution).</param>
internal sealed record ProbeArguments(NoiseOptions Options, string OutputDirectory, int[] Cpus, bool Quiet, string? StartSignal, int WarmupSamples, bool ForceGcMidway)
{
    /// <summary>Parses method= samples= quantum-us= alloc= threshold-us= duration-ms= out= cpus= quiet=1 start-signal= warmup= force-gc=1.</summary>
    public static ProbeArguments Parse(string[] args)
    {
        var options = new NoiseOptions();
        string output = "noise";
        int[] cpus = [0];
        bool quiet = false, forceGc = false;
        string? signal = null;
        int warmup = 1000;
        foreach (string arg in args)
        {
            int equals = arg.IndexOf('=');
            if (equals <= 0)
            {
                throw new ArgumentException($"expected key=value, not '{arg}'");
            }

            string key = arg[..equals], value = arg[(equals + 1)..];
            CultureInfo c = CultureInfo.InvariantCulture;
            options = key switch
            {
                "method" => options with { Method = Enum.Parse<NoiseMethod>(value, ignoreCase: true) },
                "samples" => options with { Samples = int.Parse(value, c) },
                "quantum-us" => options with { QuantumMicroseconds = double.Parse(value, c) },
                "alloc" => options with { AllocationBytes = int.Parse(value, c) },
                "threshold-us" => options with { ThresholdMicroseconds = double.Parse(value, c) },
                "duration-ms" => options with { DurationMilliseconds = double.Parse(value, c) },
                _ => options,
            };
            switch (key)
            {
                case "out": output = Path.GetFullPath(value); break;
                case "cpus": cpus = CpuList.Parse(value); break;
                case "quiet": quiet = value == "1"; break;
                case "start-signal": signal = value; break;
                case "warmup": warmup = int.Parse(value, c); break;
                case "force-gc": forceGc = value == "1"; break;
                case "method" or "samples" or "quantum-us" or "alloc" or "threshold-us" or "duration-ms": break;
                default: throw new ArgumentException($"unknown argument {key}");
            }
        }

        options.Validate();
        return new ProbeArguments(options, output, cpus, quiet, signal, warmup, forceGc);
    }
}
