using Hpc.Benchmarks.Runner.Processes;
using Hpc.Benchmarks.Runner.Results;
using Hpc.Benchmarks.Runner.Summaries;

namespace Hpc.Benchmarks.Runner.Suites;

/// <summary>
/// The hosted start beside the metal boot: <c>hermit-run -n 1 examples/Hello</c> from start to exit, with
/// <c>--aot</c> (the job published with ILCompiler, run as a rank process) and without (the job loaded by the JIT
/// isle), interleaved round by round, the JIT start as the peer. Both are warmed first (built, published), so a round
/// measures a start, not a build.
/// </summary>
internal sealed partial class BootSuite
{
    /// <summary>How long one hosted start (or the warm-up, which may publish) may take.</summary>
    private static readonly TimeSpan s_hostedLimit = TimeSpan.FromMinutes(10);

    /// <summary>The measure of a start with --aot.</summary>
    private const string AotStart = "hosted-start-aot";

    /// <summary>The measure of a start without it.</summary>
    private const string JitStart = "hosted-start-jit";

    /// <summary>hermit-run with or without --aot on examples/Hello, one rank.</summary>
    private ProcessCommand HelloCommand(bool aot) =>
        new(Path.Combine(_root, "hermit-run"), [.. aot ? ["--aot"] : Array.Empty<string>(), "-n", "1", Path.Combine(_root, "examples", "Hello")]);

    /// <summary>Runs both commands once unmeasured; false (with a failure recorded) when either fails.</summary>
    private bool WarmHostedStarts(SampleSet set)
    {
        foreach (bool aot in new[] { false, true })
        {
            ChildResult result = ChildProcess.Run(HelloCommand(aot), _root, s_hostedLimit);
            if (!result.Succeeded)
            {
                set.Fail(new Failure(SystemKind.Hpc, $"hosted start{(aot ? " --aot" : "")} (warm-up)", result.Describe()));
                return false;
            }
        }

        return true;
    }

    /// <summary>One round: a JIT start, then an --aot start.</summary>
    private void HostedStartsOnce(SampleSet set, int round)
    {
        foreach (bool aot in new[] { false, true })
        {
            ChildResult result = ChildProcess.Run(HelloCommand(aot), _root, s_hostedLimit);
            if (!result.Succeeded)
            {
                set.Fail(new Failure(SystemKind.Hpc, $"hosted start{(aot ? " --aot" : "")}", result.Describe()));
                continue;
            }

            set.Add(new Sample(SystemKind.Hpc, aot ? AotStart : JitStart, 1, round, result.Elapsed.TotalMilliseconds, "ms"));
        }
    }

    /// <summary>The row: --aot start against the JIT start of the same run.</summary>
    private static SummaryRow HostedStartRow(SampleSet set) =>
        new("hosted start to exit, Hello -n 1, --aot", "ms", set.Median(SystemKind.Hpc, AotStart, 1), set.Median(SystemKind.Hpc, JitStart, 1),
            "hosted, JIT", null);
}
