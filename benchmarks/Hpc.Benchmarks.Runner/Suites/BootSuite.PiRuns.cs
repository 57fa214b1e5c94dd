using Hpc.Benchmarks.Runner.Processes;
using Hpc.Benchmarks.Runner.Results;
using Hpc.Benchmarks.Runner.Summaries;

namespace Hpc.Benchmarks.Runner.Suites;

/// <summary>
/// examples/Pi's wall time on a metal isle of 1, 2 and 4 vCPUs (the kernel with Pi's published ELF as its module,
/// from QEMU's start to its exit) beside the same ELF run as a plain host process, in the same rounds. Pi is one rank
/// of one thread: more vCPUs cost their start and nothing else, which is what the rows show. Under TCG the guest's
/// code is translated, so the ratio to the native run measures TCG, not the kernel.
/// </summary>
internal sealed partial class BootSuite
{
    /// <summary>Pi's intervals: long enough that the computation, not the boot, dominates natively.</summary>
    private const string PiIntervals = "50000000";

    /// <summary>The measure of Pi on a metal isle (keyed by vCPUs).</summary>
    private const string PiMetal = "pi-metal";

    /// <summary>The measure of the same ELF as a host process.</summary>
    private const string PiNative = "pi-native";

    /// <summary>Rounds of Pi runs (each round runs Pi four times; under TCG a run takes seconds).</summary>
    private const int PiRounds = 5;

    /// <summary>How long one Pi run may take.</summary>
    private static readonly TimeSpan s_piLimit = TimeSpan.FromMinutes(2);

    /// <summary>Pi's published ELF (found by <see cref="PublishPi"/>), or null.</summary>
    private string? _piProgram;

    /// <summary>
    /// Publishes examples/Pi with ILCompiler through hermit-run (<c>--aot</c>, one short run) and finds the ELF in its
    /// cache (examples/Pi/bin/aot/HASH/Pi, the newest); false (with a failure recorded) when that fails.
    /// </summary>
    private bool PublishPi(SampleSet set)
    {
        string pi = Path.Combine(_root, "examples", "Pi");
        ChildResult result = ChildProcess.Run(new ProcessCommand(Path.Combine(_root, "hermit-run"), ["--aot", "-n", "1", pi, "1000"]), _root, s_hostedLimit);
        string cache = Path.Combine(pi, "bin", "aot");
        _piProgram = result.Succeeded && Directory.Exists(cache)
            ? Directory.GetFiles(cache, "Pi", SearchOption.AllDirectories).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
            : null;
        if (_piProgram is null)
        {
            set.Fail(new Failure(SystemKind.Hpc, "Pi (publish)", result.Succeeded ? $"no published Pi under {cache}" : result.Describe()));
        }

        return _piProgram is not null;
    }

    /// <summary>One round: Pi natively, then on 1, 2 and 4 vCPUs under TCG.</summary>
    private void PiRunsOnce(SampleSet set, int round)
    {
        ChildResult native = ChildProcess.Run(new ProcessCommand(_piProgram!, [PiIntervals]), _root, s_piLimit);
        AddPi(set, PiNative, 1, round, native);
        foreach (int vcpus in s_vcpus)
        {
            ChildResult metal = ChildProcess.Run(
                new ProcessCommand("qemu-system-x86_64", QemuArguments("tcg", vcpus, "256M", $"-- {PiIntervals}", _piProgram!)), _root, s_piLimit);
            AddPi(set, PiMetal, vcpus, round, metal);
        }
    }

    /// <summary>Records a Pi run's wall time, or its failure (a run must print π; QEMU exits 1 for status 0).</summary>
    private static void AddPi(SampleSet set, string measure, int vcpus, int round, ChildResult result)
    {
        bool metal = measure == PiMetal;
        bool printed = result.Output.Any(line => line.StartsWith("pi ≈ 3.14159265", StringComparison.Ordinal));
        bool ended = metal ? !result.TimedOut && result.ExitCode == 1 : result.Succeeded;
        if (!printed || !ended)
        {
            set.Fail(new Failure(SystemKind.Hpc, metal ? $"Pi on {vcpus} vCPU" : "Pi natively", $"exit {result.ExitCode}, π {(printed ? "printed" : "not printed")}: {result.Describe()}"));
            return;
        }

        set.Add(new Sample(SystemKind.Hpc, measure, vcpus, round, result.Elapsed.TotalMilliseconds, "ms"));
    }

    /// <summary>The rows: Pi on each vCPU count against the native run of the same ELF.</summary>
    private static IEnumerable<SummaryRow> PiRows(SampleSet set) =>
        s_vcpus.Select(vcpus => new SummaryRow($"Pi {PiIntervals} intervals, TCG, {vcpus} vCPU (start to exit)", "ms",
            set.Median(SystemKind.Hpc, PiMetal, vcpus), set.Median(SystemKind.Hpc, PiNative, 1), "same ELF, host process", null));
}
