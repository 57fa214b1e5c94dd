namespace Hpc.EndToEnd.Tests;

/// <summary>Hpc.OpenMp inside hermit-run: ranks × threads, the team on the rank's cores, OMP_* through -x.</summary>
[TestFixture]
public sealed class OpenMpTests
{
    /// <summary>The line of each rank, by rank: (threads, procs, sum, cpus).</summary>
    private static Dictionary<int, (int Threads, int Procs, long Sum, int[] Cpus)> Ranks(RunResult run)
    {
        var ranks = new Dictionary<int, (int, int, long, int[])>();
        foreach (string line in run.Lines.Where(l => l.StartsWith("rank ", StringComparison.Ordinal)))
        {
            string[] f = line.Split(' ');
            ranks[int.Parse(f[1])] = (int.Parse(f[3]), int.Parse(f[5]), long.Parse(f[7]), [.. f[9].Split(',').Select(int.Parse)]);
        }

        return ranks;
    }

    /// <summary>OmpJob, two ranks one thread each: each rank has ateam of one.</summary>
    [Test]
    public void OmpJob_TwoRanksOneThreadEach_EachRankHasATeamOfOne()
    {
        RunResult run = HermitRun.Run(["-n", "2", HermitRun.OmpJob]);
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var ranks = Ranks(run);
        Assert.That(ranks.Keys, Is.EquivalentTo(new[] { 0, 1 }), run.ToString());
        foreach ((int threads, int procs, long sum, int[] cpus) in ranks.Values)
        {
            Assert.That((threads, procs, sum, cpus.Length), Is.EqualTo((1, 1, 4_999_950_000L, 1)), run.ToString());
        }
    }

    /// <summary>OmpJob, one rank two threads: team runs on the ranks two cores.</summary>
    [Test]
    public void OmpJob_OneRankTwoThreads_TeamRunsOnTheRanksTwoCores()
    {
        RunResult run = HermitRun.Run(["-n", "1", "--threads", "2", HermitRun.OmpJob]);
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var ranks = Ranks(run);
        Assert.That(ranks.Keys, Is.EquivalentTo(new[] { 0 }), run.ToString());
        (int threads, int procs, long sum, int[] cpus) = ranks[0];
        Assert.That((threads, procs, sum), Is.EqualTo((2, 2, 4_999_950_000L)), run.ToString());
        // Bound: each member on its own core of the rank.
        Assert.That(cpus.Distinct().Count(), Is.EqualTo(2), run.ToString());
    }

    /// <summary>OmpJob, omp num threads through x: sets the team size.</summary>
    [Test]
    public void OmpJob_OmpNumThreadsThroughX_SetsTheTeamSize()
    {
        RunResult run = HermitRun.Run(["-n", "1", "--threads", "2", "-x", "OMP_NUM_THREADS=1", HermitRun.OmpJob]);
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(Ranks(run)[0].Threads, Is.EqualTo(1), run.ToString());
    }

    /// <summary>OmpJob, bad omp schedule: fails naming the variable.</summary>
    [Test]
    public void OmpJob_BadOmpSchedule_FailsNamingTheVariable()
    {
        RunResult run = HermitRun.Run(["-n", "1", "-x", "OMP_SCHEDULE=sometimes", HermitRun.OmpJob]);
        Assert.That(run.ExitCode, Is.Not.Zero, run.ToString());
        Assert.That(run.Stderr, Does.Contain("OMP_SCHEDULE='sometimes' is not valid"), run.ToString());
    }

    /// <summary>Heat2D, one rank two threads: matches the serial run.</summary>
    [Test]
    public void Heat2D_OneRankTwoThreads_MatchesTheSerialRun()
    {
        RunResult run = HermitRun.Run(["-n", "1", "--threads", "2", HermitRun.Example("Heat2D"), "64", "200"]);
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Lines.Single(), Does.Contain("on 1 ranks × 2 threads").And.EndsWith("max difference vs serial 0"), run.ToString());
    }

    /// <summary>HermitRun, more threads than isle cores: refuses with aclear message.</summary>
    [Test]
    public void HermitRun_MoreThreadsThanIsleCores_RefusesWithAClearMessage()
    {
        RunResult run = HermitRun.Run(["-n", "1", "--cores-per-isle", "1", "--threads", "2", HermitRun.OmpJob]);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.Contain("--threads 2 needs isles of at least 2 cores"), run.ToString());
    }
}
