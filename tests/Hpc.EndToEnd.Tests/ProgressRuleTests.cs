namespace Hpc.EndToEnd.Tests;

/// <summary>
/// MPI's progress rule through real hermit-run jobs: ranks that poll (Iprobe, Test, TestAll, TestAny, TestSome in a
/// loop) instead of blocking still see their messages arrive when the sender shares their core. The time limits
/// only bound a hang (before the rule, these jobs never finished); nothing is timed.
/// </summary>
[TestFixture]
public sealed class ProgressRuleTests
{
    /// <summary>Bound on a job that should take a second or two.</summary>
    private static readonly TimeSpan s_limit = TimeSpan.FromMinutes(3);

    [Test]
    public void Iprobe_LoopForARankOfTheSameCpu_Succeeds()
    {
        RunResult run = HermitRun.Run(["-n", "3", HermitRun.MpiJob, "iprobe-poll"], limit: s_limit);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        string CpuOf(int rank) => run.Lines.Single(l => l.StartsWith($"iprobe-poll cpu rank {rank} ", StringComparison.Ordinal)).Split(' ')[^1];
        Assert.That(CpuOf(2), Is.EqualTo(CpuOf(0)), "ranks 0 and 2 share a cpu (else this tests nothing)");
        Assert.That(run.Lines, Has.Exactly(1).StartsWith("iprobe-poll ok: 4242 from rank 2"), run.ToString());
    }

    [TestCase(4, 25, 1)]
    [TestCase(4, 25, 0)]
    [TestCase(64, 2, 0)]
    public void Test_PolledRequestsWithRanksSharingCores_AllComplete(int ranks, int perPeer, int oneCorePerIsle)
    {
        string[] layout = oneCorePerIsle == 1 ? ["--cores-per-isle", "1"] : [];
        RunResult run = HermitRun.Run(["-n", ranks.ToString(), .. layout, HermitRun.MpiJob, "test-poll", perPeer.ToString()], limit: s_limit);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Lines.Count(l => l.StartsWith("test-poll ok", StringComparison.Ordinal)), Is.EqualTo(ranks), run.ToString());
    }
}
