using Hpc.OpenMp.Regions;
using Hpc.OpenMp.Teams;

namespace Hpc.OpenMp.Tests.Teams;

/// <summary>A private team under each wait policy: passive parks on futexes, active spins; both must be correct.</summary>
[TestFixture]
public sealed class TeamWaitPolicyTests
{
    /// <summary>Team, every wait policy: regions and barriers complete.</summary>
    [Test]
    public void Team_EveryWaitPolicy_RegionsAndBarriersComplete([Values] WaitPolicy policy)
    {
        var team = new Team([], ProcBind.False, policy, bindPrimary: false, cpuCount: Environment.ProcessorCount);
        try
        {
            int threads = Math.Min(2, Environment.ProcessorCount) + (policy == WaitPolicy.Active ? 0 : 1);
            (int[] arrivals, int late) = RunBarrierRounds(team, threads, rounds: 300, regions: 10, beforeArrival: null);

            Assert.That(arrivals, Has.All.EqualTo(10 * 300));
            Assert.That(late, Is.Zero);
        }
        finally
        {
            team.Stop();
        }
    }

    /// <summary>
    /// Team, passive, regions of changing size: the sleeping members woken by one ring of the launch bell are exactly
    /// the region's (a member outside it wakes, finds its go word unchanged and sleeps again), every time.
    /// </summary>
    [Test]
    public void Team_PassiveRegionsOfChangingSize_ExactlyTheRegionsMembersRun()
    {
        var team = new Team([], ProcBind.False, WaitPolicy.Passive, bindPrimary: false, cpuCount: 1);
        try
        {
            int[] sizes = [4, 2, 3, 1, 4, 2, 4];
            int[] runs = new int[4];
            int[] expected = new int[4];
            var work = new RegionWork { Body = () => Interlocked.Increment(ref runs[CurrentTeamThread.Value!.Num]) };
            for (int round = 0; round < 20; round++)
            {
                foreach (int size in sizes)
                {
                    Assert.That(team.TryAcquire(), Is.True);
                    try
                    {
                        team.Run(size, work, null);
                    }
                    finally
                    {
                        team.Release();
                    }

                    for (int member = 0; member < size; member++)
                    {
                        expected[member]++;
                    }

                    // Let the members fall asleep between some regions, so the bell is what starts them.
                    if (round % 4 == 0)
                    {
                        Thread.Sleep(2);
                    }
                }
            }

            Assert.That(runs, Is.EqualTo(expected));
        }
        finally
        {
            team.Stop();
        }
    }

    /// <summary>
    /// Team with more threads than cpus, every wait policy: waiters spin, yield and sleep (some members pause long
    /// enough that the others' yield time runs out and they sleep), and barriers, a contended lock and the joins
    /// stay exact.
    /// </summary>
    [Test]
    public void Team_OversubscribedEveryWaitPolicy_BarriersLocksAndJoinsComplete([Values] WaitPolicy policy)
    {
        var team = new Team([], ProcBind.False, policy, bindPrimary: false, cpuCount: 1);
        try
        {
            const int Threads = 4;
            const int Rounds = 200;
            long guarded = 0;
            var gate = new OmpLock();
            (int[] arrivals, int late) = RunBarrierRounds(team, Threads, Rounds, regions: 5, beforeArrival: (me, round) =>
            {
                if (round % 50 == me.Num)
                {
                    // Longer than the yield time: the others fall asleep (under the default policy).
                    Thread.Sleep(1);
                }

                gate.Set();
                guarded++;
                gate.Unset();
            });

            Assert.That(team.Budget, Is.EqualTo(WaitBudget.For(policy, oversubscribed: true)));
            Assert.That(arrivals, Has.All.EqualTo(5 * Rounds));
            Assert.That(late, Is.Zero);
            Assert.That(guarded, Is.EqualTo(5L * Rounds * Threads));
        }
        finally
        {
            team.Stop();
        }
    }

    /// <summary>
    /// Team with more threads than cpus, default policy: a member waiting at a barrier while another computes for
    /// half a second yields only for its yield time and then sleeps, so it takes (almost) no cpu time meanwhile
    /// (a waiter that kept yielding would take the whole half second whenever its cpu had nothing else to run).
    /// </summary>
    [Test]
    public void Team_OversubscribedDefault_AWaiterSleepsOnceItsYieldTimeIsOver()
    {
        var team = new Team([], ProcBind.False, WaitPolicy.Default, bindPrimary: false, cpuCount: 1);
        try
        {
            long waiterTicks = -1;
            var work = new RegionWork
            {
                Body = () =>
                {
                    TeamThread me = CurrentTeamThread.Value!;
                    if (me.Num == 0)
                    {
                        Thread.Sleep(500);
                        team.Barrier(me);
                    }
                    else
                    {
                        long before = ThreadCpuTicks();
                        team.Barrier(me);
                        waiterTicks = ThreadCpuTicks() - before;
                    }
                },
            };
            Assert.That(team.TryAcquire(), Is.True);
            try
            {
                team.Run(2, work, null);
            }
            finally
            {
                team.Release();
            }

            // Clock ticks of 10 ms: the waiter's yield time is 0.2 ms.
            Assert.That(waiterTicks, Is.InRange(0, 5), "the waiter's cpu time while the other member slept 500 ms, in 10 ms ticks");
        }
        finally
        {
            team.Stop();
        }
    }

    /// <summary>
    /// Runs <paramref name="regions"/> regions of <paramref name="threads"/> members on <paramref name="team"/>, each
    /// member doing <paramref name="rounds"/> rounds of: <paramref name="beforeArrival"/>, arrive, barrier, look that
    /// every member arrived, barrier. Returns the arrivals per member and how many looks found one missing.
    /// </summary>
    private static (int[] Arrivals, int Late) RunBarrierRounds(Team team, int threads, int rounds, int regions, Action<TeamThread, int>? beforeArrival)
    {
        int[] arrivals = new int[threads];
        int late = 0;
        var work = new RegionWork
        {
            Body = () =>
            {
                TeamThread me = CurrentTeamThread.Value!;
                for (int round = 1; round <= rounds; round++)
                {
                    beforeArrival?.Invoke(me, round);
                    Interlocked.Increment(ref arrivals[me.Num]);
                    team.Barrier(me);
                    for (int other = 0; other < threads; other++)
                    {
                        if (Volatile.Read(ref arrivals[other]) < round)
                        {
                            Interlocked.Increment(ref late);
                        }
                    }

                    team.Barrier(me);
                }
            },
        };
        for (int region = 0; region < regions; region++)
        {
            Assert.That(team.TryAcquire(), Is.True);
            try
            {
                team.Run(threads, work, null);
            }
            finally
            {
                team.Release();
            }
        }

        return (arrivals, late);
    }

    /// <summary>The calling thread's user plus system cpu time in clock ticks (fields 14 and 15 of /proc/thread-self/stat).</summary>
    private static long ThreadCpuTicks()
    {
        string stat = File.ReadAllText("/proc/thread-self/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is the state (field 3); utime and stime are fields 14 and 15.
        return long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Team, while region runs: second acquire fails.</summary>
    [Test]
    public void Team_WhileRegionRuns_SecondAcquireFails()
    {
        var team = new Team([], ProcBind.False, WaitPolicy.Passive, bindPrimary: false, cpuCount: Environment.ProcessorCount);
        Assert.That(team.TryAcquire(), Is.True);
        Assert.That(team.TryAcquire(), Is.False);
        team.Release();
        Assert.That(team.TryAcquire(), Is.True);
        team.Release();
        team.Stop();
    }
}
