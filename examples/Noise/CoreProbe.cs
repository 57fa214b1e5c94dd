using System.Globalization;
using System.Runtime;
using System.Text;
using Hpc;
using Hpc.Noise;

namespace Noise;

/// <summary>One core's measurement: warm-up, the measured phase between counter readings, and its two files.</summary>
internal static class CoreProbe
{
    /// <summary>
    /// Measures on the calling thread, which is pinned to <paramref name="cpu"/>. <paramref name="ready"/> is a
    /// barrier of all cores, passed twice before measuring (so the second pass compiles nothing) and once after.
    /// </summary>
    public static void Run(ProbeArguments arguments, int cpu, int rank, Action ready)
    {
        TscClock clock = TscClock.Calibrate();
        NoiseOptions options = arguments.Options;
        if (arguments.WarmupSamples > 0)
        {
            // The same code, shorter: compiled, tiered and its pages touched before anything is timed.
            NoiseOptions warmup = options with { Samples = arguments.WarmupSamples, DurationMilliseconds = arguments.WarmupSamples * options.QuantumMicroseconds / 1000 };
            _ = NoiseProbe.Run(warmup, clock);
        }

        using Hpc.Quiet.QuietPhase? quiet = arguments.Quiet
            ? Job.EnterQuietPhase(((long)options.AllocationBytes + 64) * (options.Samples + 100) + (4L << 20))
            : null;
        // Once unmeasured, so that reading the counters and passing the barrier compile nothing inside the
        // measured window of any core.
        _ = ProcCounters.Read(cpu).Since(ProcCounters.Read(cpu)).Count();
        _ = Runtime();
        ready();
        ready();
        ProcCounters before = ProcCounters.Read(cpu);
        (int gcs, TimeSpan pause, long jitMethods, TimeSpan jitTime) = Runtime();
        NoiseSeries series = NoiseProbe.Run(options, clock);
        (int gcsAfter, TimeSpan pauseAfter, long jitAfter, TimeSpan jitTimeAfter) = Runtime();
        ProcCounters after = ProcCounters.Read(cpu);
        // The counters are process-wide: no core formats and writes its files (compiling code to do so) while
        // another is still measuring.
        ready();

        var meta = new StringBuilder();
        void Add(string key, object value) => meta.Append(key).Append('=').Append(Convert.ToString(value, CultureInfo.InvariantCulture)).Append('\n');
        Add("system", "dotnet");
        Add("method", options.Method.ToString().ToLowerInvariant());
        Add("cpu", cpu);
        Add("rank", rank);
        Add("pid", Environment.ProcessId);
        // The measured thread's id, so a scheduler trace of this cpu tells it from the tasks that interrupt it.
        Add("tid", Path.GetFileName(new FileInfo("/proc/thread-self").LinkTarget ?? "0"));
        Add("quantum_us", options.QuantumMicroseconds);
        Add("alloc_bytes", options.AllocationBytes);
        Add("threshold_us", options.ThresholdMicroseconds);
        Add("ticks_per_ns", clock.TicksPerNanosecond.ToString("R", CultureInfo.InvariantCulture));
        Add("tsc", Tsc.IsHardware ? "rdtsc" : "stopwatch");
        Add("start_ns", clock.MonotonicNanoseconds(series.StartTicks));
        Add("end_ns", clock.MonotonicNanoseconds(series.EndTicks));
        // UTC minus monotonic: lines events stamped in UTC (EventPipe) up with the samples.
        Add("utc_offset_ns", ((clock.OriginUtc - DateTime.UnixEpoch).Ticks * 100) - clock.OriginMonotonicNanoseconds);
        Add("work_per_unit", series.WorkPerUnit);
        Add("gcs", gcsAfter - gcs);
        Add("gc_pause_ns", (long)((pauseAfter - pause).TotalMilliseconds * 1e6));
        Add("jit_methods", jitAfter - jitMethods);
        Add("jit_time_ns", (long)((jitTimeAfter - jitTime).TotalMilliseconds * 1e6));
        // A NativeAOT rank (hermit-run --aot) has no JIT at all: its zero above is by construction, not by warm-up.
        Add("code", System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeCompiled ? "jit" : "aot");
        Add("gc_mode", GCSettings.LatencyMode);
        Add("quiet_no_gc_region", quiet?.NoGcRegion ?? false);
        Add("quiet_moved_threads", quiet?.MovedThreads ?? 0);
        Add("quiet_memory_locked", quiet?.MemoryLocked ?? false);
        Add("quiet_fifo", quiet?.Fifo ?? false);
        foreach (string line in File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal) || l.StartsWith("VmLck:", StringComparison.Ordinal)))
        {
            Add(line.Split(':')[0].ToLowerInvariant() + "_kb", line.Split(':')[1].Trim().Split(' ')[0]);
        }

        Add("interrupts_counted", before.InterruptsRead && after.InterruptsRead ? 1 : 0);
        foreach ((string name, long delta) in after.Since(before))
        {
            Add(name, delta);
        }

        Directory.CreateDirectory(arguments.OutputDirectory);
        string stem = Path.Combine(arguments.OutputDirectory, string.Create(CultureInfo.InvariantCulture, $"core-{cpu}"));
        File.WriteAllText(stem + ".meta", meta.ToString());
        File.WriteAllText(stem + ".csv", Samples(series));
    }

    /// <summary>The raw samples as CSV: start (monotonic ns) and value (ns, or work units for FTQ, or a histogram).</summary>
    private static string Samples(NoiseSeries series)
    {
        var csv = new StringBuilder(series.Values.Length * 24);
        TscClock clock = series.Clock;
        if (series.Method == NoiseMethod.Hourglass)
        {
            csv.Append("gap_from_ns,count\n");
            for (int i = 0; i < series.Histogram.Length; i++)
            {
                if (series.Histogram[i] != 0)
                {
                    csv.Append(CultureInfo.InvariantCulture, $"{clock.Nanoseconds(1L << i):F1},{series.Histogram[i]}\n");
                }
            }

            return csv.ToString();
        }

        csv.Append(series.Method == NoiseMethod.Ftq ? "start_ns,work\n" : "start_ns,ns\n");
        for (int i = 0; i < series.Values.Length; i++)
        {
            long start = clock.MonotonicNanoseconds(series.Starts[i]);
            if (series.Method == NoiseMethod.Ftq)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{start},{series.Values[i]}\n");
            }
            else
            {
                csv.Append(CultureInfo.InvariantCulture, $"{start},{clock.Nanoseconds(series.Values[i]):F1}\n");
            }
        }

        return csv.ToString();
    }

    /// <summary>Collections, pause time, compiled methods and JIT time so far (process-wide).</summary>
    private static (int Gcs, TimeSpan Pause, long JitMethods, TimeSpan JitTime) Runtime() =>
        (GC.CollectionCount(0), GC.GetTotalPauseDuration(), System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());
}
