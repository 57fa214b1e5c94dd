using System.Globalization;
using Hpc.NoiseStudies.Results;
using Hpc.NoiseStudies.Tracing;
using Hpc.Quiet;

namespace Hpc.NoiseStudies.Running;

/// <summary>
/// Runs a study: every configuration once per round, rounds one after the other (interleaved, so a slow drift
/// of the host hits every configuration alike), each run's raw files in raw/CONFIG/round-R/.
/// </summary>
internal sealed class StudyRunner
{
    /// <summary>The study.</summary>
    private readonly StudyOptions _options;
    /// <summary>The built C floor.</summary>
    private readonly string _floor;
    /// <summary>The built probe job.</summary>
    private readonly string _job;
    /// <summary>True once the probe job's NativeAOT image, which quiet isles run, is published.</summary>
    private bool _aotPublished;

    /// <summary>Prepares the study: builds the C floor, checks the job is built.</summary>
    public StudyRunner(StudyOptions options)
    {
        _options = options;
        _floor = FloorBuild.Ensure(options.Root);
        _job = Path.Combine(options.Root, "examples", "Noise", "bin", "Release", "net10.0", "Noise.dll");
        if (!File.Exists(_job))
        {
            throw new InvalidOperationException($"{_job} is not built (./hermit-noise builds it; or dotnet build examples/Noise -c Release)");
        }
    }

    /// <summary>Why the kernel trace could not be recorded (one line), or null while it could.</summary>
    public string? TraceUnavailable { get; private set; }

    /// <summary>Where run <paramref name="round"/> of <paramref name="configuration"/> keeps its files.</summary>
    public static string RunDirectory(string study, string configuration, int round) =>
        Path.Combine(study, "raw", configuration, string.Create(CultureInfo.InvariantCulture, $"round-{round}"));

    /// <summary>Runs one configuration once; returns null on success, else what went wrong.</summary>
    public string? RunOnce(StudyConfiguration configuration, int round)
    {
        if (configuration.Quiet && !_aotPublished && PublishAot() is { } notPublished)
        {
            return notPublished;
        }

        string directory = RunDirectory(_options.OutputDirectory, configuration.Name, round);
        Directory.CreateDirectory(directory);
        var c = CultureInfo.InvariantCulture;
        List<string> probe =
        [
            $"method={_options.Method.ToString().ToLowerInvariant()}",
            string.Create(c, $"samples={_options.Samples}"),
            string.Create(c, $"quantum-us={_options.QuantumMicroseconds}"),
            string.Create(c, $"threshold-us={_options.ThresholdMicroseconds}"),
            string.Create(c, $"alloc={(configuration.Allocating ? _options.AllocationBytes : 0)}"),
            string.Create(c, $"warmup={_options.WarmupSamples}"),
            $"out={directory}",
        ];
        TimeSpan timeout = TimeSpan.FromSeconds(180 + (_options.MeasuredMilliseconds / 1000 * 20));
        // Isles take the node's first cpus, the other configurations the chosen ones: both are traced.
        int[] traced = [.. _options.Cpus.Concat(Enumerable.Range(0, _options.Cpus.Count)).Distinct().Order()];
        string? unavailable = null;
        using TraceSession? trace = _options.Attribute ? TraceSession.TryStart(traced, out unavailable) : null;
        TraceUnavailable ??= unavailable;

        ThreadSampler? sampler = null;
        void Started(int pid) => sampler = _options.Attribute ? new ThreadSampler(pid) : null;
        (int status, string output) = configuration.System switch
        {
            SystemKind.C => ProbeProcess.Run(_floor, [.. probe, $"cpus={CpuList.Format(_options.Cpus)}"], directory, timeout, Started),
            SystemKind.Dotnet => RunDotnet(probe, directory, timeout, Started),
            _ => RunIsle(configuration, probe, directory, timeout, Started),
        };
        trace?.Save(directory);
        sampler?.Save(directory);
        sampler?.Dispose();
        File.WriteAllText(Path.Combine(directory, "output.txt"), output);
        if (status != 0)
        {
            return $"{configuration.Name} round {round} exited with {status}: {output.Trim()}";
        }

        if (!Directory.EnumerateFiles(directory, "core-*.meta").Any())
        {
            return $"{configuration.Name} round {round} wrote no results: {output.Trim()}";
        }

        // A quiet isle promises no JIT and no GC while measuring; a breach fails the study rather than hiding in a
        // table (--force-gc asks for a collection, so it is exempt).
        return configuration.Quiet && !_options.ForceGc ? QuietBreach(configuration, round) : null;
    }

    /// <summary>Why a quiet isle's run compiled or collected while measuring (per cpu), or null when it did neither.</summary>
    private string? QuietBreach(StudyConfiguration configuration, int round)
    {
        var breaches = new List<string>();
        foreach (CoreRun run in CoreRun.LoadAll(_options.OutputDirectory, configuration.Name, round))
        {
            double gcs = run.Number("gcs"), jit = run.Number("jit_methods");
            if (gcs != 0 || jit != 0)
            {
                breaches.Add(string.Create(CultureInfo.InvariantCulture, $"cpu {run.Cpu}: {jit} methods compiled, {gcs} GCs"));
            }
        }

        return breaches.Count == 0 ? null
            : $"{configuration.Name} round {round}: a quiet isle compiled or collected while measuring ({string.Join("; ", breaches)})";
    }

    /// <summary>
    /// Publishes the probe job with ILCompiler once, before any quiet isle is measured or traced: the first
    /// <c>hermit-run --aot</c> of a source state publishes (30-60 s) and later ones start from the cache.
    /// </summary>
    private string? PublishAot()
    {
        string directory = Path.Combine(_options.OutputDirectory, "raw", "aot-publish");
        Directory.CreateDirectory(directory);
        List<string> arguments = [Path.Combine(_options.Root, "hermit-run"), "--aot", "-n", "1", "--allow", $"{directory}:rw", _job,
            "method=fwq", "samples=10", "warmup=0", $"out={directory}"];
        (int status, string output) = ProbeProcess.Run("bash", arguments, directory, TimeSpan.FromMinutes(15));
        Directory.Delete(directory, recursive: true);
        _aotPublished = status == 0;
        return _aotPublished ? null : $"publishing the probe job for the quiet isles (hermit-run --aot) failed with {status}: {output.Trim()}";
    }

    /// <summary>A plain dotnet process; its GC and JIT events collected through EventPipe before it measures.</summary>
    private (int, string) RunDotnet(List<string> probe, string directory, TimeSpan timeout, Action<int> started)
    {
        string signal = Path.Combine(directory, ".start");
        List<string> arguments = [_job, .. probe, $"cpus={CpuList.Format(_options.Cpus)}"];
        if (_options.Attribute)
        {
            arguments.Add($"start-signal={signal}");
        }

        if (_options.ForceGc)
        {
            arguments.Add("force-gc=1");
        }

        RuntimeEventCollector? collector = null;
        string? attachError = null;
        (int status, string output) = ProbeProcess.Run("dotnet", arguments, directory, timeout, pid =>
        {
            started(pid);
            if (_options.Attribute)
            {
                collector = RuntimeEventCollector.TryStart(pid, TimeSpan.FromSeconds(30), out attachError);
                // Measuring starts once the session is up, so no event of the measured phase is missed.
                File.WriteAllText(signal, "");
            }
        });
        if (collector is not null)
        {
            IReadOnlyList<RuntimeEvent> events = collector.Finish(TimeSpan.FromSeconds(30));
            collector.Dispose();
            File.WriteAllLines(Path.Combine(directory, "events.csv"), [RuntimeEvent.CsvHeader, .. events.Select(e => e.ToCsv())]);
        }

        return (status, attachError is null ? output : $"{output}\nattribution: {attachError}");
    }

    /// <summary>The probe job under hermit-run, one rank per measured cpu: quiet (NativeAOT ranks) or default (JIT).</summary>
    private (int, string) RunIsle(StudyConfiguration configuration, List<string> probe, string directory, TimeSpan timeout, Action<int> started)
    {
        List<string> arguments = [Path.Combine(_options.Root, "hermit-run"), "-n", _options.Cpus.Count.ToString(CultureInfo.InvariantCulture), "--allow", $"{directory}:rw"];
        if (configuration.Quiet)
        {
            // NativeAOT ranks: no JIT exists to compile anything while measuring.
            arguments.AddRange(["--quiet", "--aot"]);
        }

        arguments.Add(_job);
        arguments.AddRange(probe);
        if (configuration.Quiet)
        {
            arguments.Add("quiet=1");
        }

        if (_options.ForceGc)
        {
            arguments.Add("force-gc=1");
        }

        return ProbeProcess.Run("bash", arguments, directory, timeout, started);
    }
}
