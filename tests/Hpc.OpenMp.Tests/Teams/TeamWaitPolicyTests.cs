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
            const int Rounds = 300;
            int[] arrivals = new int[threads];
            int late = 0;
            var work = new RegionWork
            {
                Body = () =>
                {
                    TeamThread me = CurrentTeamThread.Value!;
                    for (int round = 1; round <= Rounds; round++)
                    {
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
            for (int region = 0; region < 10; region++)
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

            Assert.That(arrivals, Has.All.EqualTo(10 * Rounds));
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
