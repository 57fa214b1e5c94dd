using Hpc.Hosted;
using Hpc.Scheduling;

namespace Hpc.Kernel.Tests.Scheduling;

/// <summary>
/// What the isle scheduler guarantees, with real threads on real cores: one running rank per core, no lost
/// wake-ups, hand-on at exit, independent cores, round-robin. Run once per <see cref="IdlePolicy"/> by the sealed
/// fixtures below. No assertion depends on timing; the rig's safety limit only turns a hang into a failure.
/// </summary>
public abstract unsafe class IsleSchedulerBehaviourTests
{
    /// <summary>The idle policy under test.</summary>
    private protected abstract IdlePolicy Idle { get; }

    /// <summary>
    /// A rank that polls a flag (never blocks) and yields in its loop lets the rank that sets the flag, on the same
    /// core, run; without the yield it would hold the core for good.
    /// </summary>
    [Test]
    public void Yield_PollerWaitsForARankOfItsCore_TheOtherRankRuns()
    {
        int cpu = RankRig.OneCpu();
        var rig = new RankRig([cpu], 3, _ => cpu, Idle);
        int flag = 0;
        long yields = 0;

        rig.Run(task =>
        {
            if (task.Rank == 0)
            {
                while (Volatile.Read(ref flag) < 2)
                {
                    rig.Scheduler.Yield(task);
                    yields++;
                }
            }
            else
            {
                Interlocked.Increment(ref flag);
            }
        });

        Assert.That(flag, Is.EqualTo(2));
        Assert.That(yields, Is.Positive);
    }

    /// <summary>A yield with no other ready rank on the core returns at once, still holding the core.</summary>
    [Test]
    public void Yield_NoOtherReadyRank_KeepsTheCore()
    {
        int cpu = RankRig.OneCpu();
        var rig = new RankRig([cpu], 2, _ => cpu, Idle);
        int released = 0;
        bool heldAfterYields = false;

        rig.Run(task =>
        {
            if (task.Rank == 1)
            {
                rig.WaitUntil(task, () => Volatile.Read(ref released) != 0);
                return;
            }

            // Rank 1 first runs until it blocks, then the core is back here: nothing else is ready.
            for (int i = 0; i < 1000; i++)
            {
                rig.Scheduler.Yield(task);
            }

            heldAfterYields = rig.Scheduler.HolderOf(cpu) == task;
            Volatile.Write(ref released, 1);
            rig.Ring(1);
        });

        Assert.That(heldAfterYields, Is.True);
    }

    /// <summary>Two ranks on one core pass a turn back and forth through their doorbells.</summary>
    [Test]
    public void WaitForDoorbell_PingPongOnOneCore_Completes10000RoundTrips()
    {
        const int RoundTrips = 10_000;
        int cpu = RankRig.OneCpu();
        var rig = new RankRig([cpu], 2, _ => cpu, Idle);
        int turn = 0;

        rig.Run(task =>
        {
            int me = task.Rank;
            for (int i = 0; i < RoundTrips; i++)
            {
                int mine = (2 * i) + me;
                rig.WaitUntil(task, () => Volatile.Read(ref turn) == mine);
                Volatile.Write(ref turn, mine + 1);
                rig.Ring(1 - me);
            }
        });

        Assert.That(turn, Is.EqualTo(2 * RoundTrips));
    }

    /// <summary>64 ranks on 2 cores pass 200 dissemination barriers; after each, every rank has reached it.</summary>
    [Test]
    public void WaitForDoorbell_DisseminationBarrier64RanksTwoCores_EveryRankSeesEveryRound()
    {
        const int Ranks = 64, Barriers = 200;
        int[] cpus = RankRig.TwoCpus();
        var rig = new RankRig(cpus, Ranks, rank => cpus[rank % 2], Idle);
        var barrier = new DisseminationBarrier(rig);
        int[] reached = new int[Ranks];
        int[] passed = new int[Ranks];
        int early = 0;

        rig.Run(task =>
        {
            for (int round = 1; round <= Barriers; round++)
            {
                Volatile.Write(ref reached[task.Rank], round);
                barrier.Arrive(task);
                for (int other = 0; other < Ranks; other++)
                {
                    if (Volatile.Read(ref reached[other]) < round)
                    {
                        Interlocked.Increment(ref early);
                    }
                }

                passed[task.Rank]++;
            }
        });

        Assert.That(early, Is.Zero, "a rank left a barrier before every rank reached it");
        Assert.That(passed, Is.All.EqualTo(Barriers));
    }

    /// <summary>
    /// 16 ranks on 2 cores, blocking at random on each other's progress while a plain thread rings at random: inside
    /// a critical section there is always exactly one rank of the core, and it runs on its own cpu.
    /// </summary>
    [Test]
    public void Enter_RandomBlocking16RanksTwoCores_ExactlyOneRankRunsPerCore()
    {
        const int Ranks = 16, Iterations = 2000;
        int[] cpus = RankRig.TwoCpus();
        var rig = new RankRig(cpus, Ranks, rank => cpus[rank % 2], Idle);
        int[] occupancy = new int[2 * 16];
        int[] progress = new int[Ranks];
        int crowded = 0, misplaced = 0, stop = 0;

        var ringer = new Thread(() =>
        {
            var random = new Random(1);
            while (Volatile.Read(ref stop) == 0)
            {
                rig.Ring(random.Next(Ranks));
                Thread.Sleep(1);
            }
        })
        { IsBackground = true };
        ringer.Start();

        rig.Run(task =>
        {
            var random = new Random(100 + task.Rank);
            ref int inSection = ref occupancy[(task.Rank % 2) * 16];
            for (int i = 0; i < Iterations; i++)
            {
                if (Interlocked.Increment(ref inSection) != 1)
                {
                    Interlocked.Increment(ref crowded);
                }

                if (CpuAffinity.CurrentCpu() != task.Cpu)
                {
                    Interlocked.Increment(ref misplaced);
                }

                Thread.SpinWait(random.Next(64));
                Interlocked.Decrement(ref inSection);

                Volatile.Write(ref progress[task.Rank], i + 1);
                for (int other = 0; other < Ranks; other++)
                {
                    if (other != task.Rank)
                    {
                        rig.Ring(other);
                    }
                }

                // Waiting for a rank to catch up never deadlocks: the slowest rank never waits.
                if (random.Next(2) == 0)
                {
                    int other = random.Next(Ranks);
                    int target = i + 1;
                    rig.WaitUntil(task, () => Volatile.Read(ref progress[other]) >= target);
                }
            }
        });
        Volatile.Write(ref stop, 1);
        ringer.Join();

        Assert.That(crowded, Is.Zero, "two ranks of one core ran at once");
        Assert.That(misplaced, Is.Zero, "a rank ran off its cpu");
        Assert.That(progress, Is.All.EqualTo(Iterations));
    }

    /// <summary>
    /// A rank that exits while the other rank of its core is blocked and not rung hands it the core anyway; that rank
    /// then polls (or sleeps) and wakes when a plain thread rings it later.
    /// </summary>
    [Test]
    public void Exit_OtherRankBlockedAndNotRung_OtherGetsCoreAndWakesWhenRung()
    {
        int cpu = RankRig.OneCpu();
        var rig = new RankRig([cpu], 2, _ => cpu, Idle);
        int released = 0;
        bool releasedWhenWoken = false, firstReturnedEarly = true;

        rig.Start(task =>
        {
            if (task.Rank == 0)
            {
                rig.WaitUntil(task, () => Volatile.Read(ref released) != 0);
                releasedWhenWoken = true;
            }
            else
            {
                // Rank 0 holds the core first; rank 1 runs only once rank 0 blocked.
                firstReturnedEarly = Volatile.Read(ref releasedWhenWoken);
            }
        });

        WaitFor(() => rig.Scheduler.HolderOf(cpu) == rig.Tasks[0] && rig.Tasks[1].State == RankTaskState.Exited);
        Assert.That(Volatile.Read(ref releasedWhenWoken), Is.False);
        Volatile.Write(ref released, 1);
        rig.Ring(0);
        rig.Join();

        Assert.That(firstReturnedEarly, Is.False);
        Assert.That(releasedWhenWoken, Is.True);
    }

    /// <summary>Once every rank of a core has exited, the core is idle (no holder).</summary>
    [Test]
    public void Exit_LastRankOfCore_LeavesCoreIdle()
    {
        int[] cpus = RankRig.TwoCpus();
        var rig = new RankRig(cpus, 6, rank => cpus[rank % 2], Idle);
        int arrived = 0;

        rig.Run(task =>
        {
            Interlocked.Increment(ref arrived);
            for (int other = 0; other < 6; other++)
            {
                rig.Ring(other);
            }

            rig.WaitUntil(task, () => Volatile.Read(ref arrived) == 6);
        });

        Assert.That(rig.Scheduler.HolderOf(cpus[0]), Is.Null);
        Assert.That(rig.Scheduler.HolderOf(cpus[1]), Is.Null);
    }

    /// <summary>
    /// A plain thread on the other cpu rings each of 8 ranks of one core 1000 times, each time only after the rank
    /// took the previous ring, so rings land while the core polls, sleeps or hands off: none is lost.
    /// </summary>
    [Test]
    public void WaitForDoorbell_RungByPlainThreadInLockstep_EveryRingWakesItsRank()
    {
        const int Ranks = 8, Rounds = 1000;
        int[] cpus = RankRig.TwoCpus();
        var rig = new RankRig([cpus[0]], Ranks, _ => cpus[0], Idle);
        int[] sent = new int[Ranks * 16];
        int[] taken = new int[Ranks * 16];

        var ringer = new Thread(() =>
        {
            CpuAffinity.PinCurrentThread(cpus[1]);
            for (int round = 1; round <= Rounds; round++)
            {
                for (int rank = 0; rank < Ranks; rank++)
                {
                    var spin = default(SpinWait);
                    while (Volatile.Read(ref taken[rank * 16]) != round - 1)
                    {
                        spin.SpinOnce(sleep1Threshold: -1);
                    }

                    Volatile.Write(ref sent[rank * 16], round);
                    rig.Ring(rank);
                }
            }
        })
        { IsBackground = true };

        rig.Start(task =>
        {
            for (int round = 1; round <= Rounds; round++)
            {
                rig.WaitUntil(task, () => Volatile.Read(ref sent[task.Rank * 16]) >= round);
                Volatile.Write(ref taken[task.Rank * 16], round);
            }
        });
        ringer.Start();
        rig.Join();
        Assert.That(ringer.Join(RankRig.SafetyLimit), Is.True);

        Assert.That(Enumerable.Range(0, Ranks).Select(rank => taken[rank * 16]), Is.All.EqualTo(Rounds));
    }

    /// <summary>While the only rank of one core stays blocked, two ranks of the other core play 1000 round trips.</summary>
    [Test]
    public void WaitForDoorbell_OneCoreBlocked_OtherCoreProgresses()
    {
        const int RoundTrips = 1000;
        int[] cpus = RankRig.TwoCpus();
        var rig = new RankRig(cpus, 3, rank => rank == 0 ? cpus[0] : cpus[1], Idle);
        int turn = 0, released = 0;
        int turnWhenReleased = -1;

        rig.Run(task =>
        {
            if (task.Rank == 0)
            {
                rig.WaitUntil(task, () => Volatile.Read(ref released) != 0);
                turnWhenReleased = Volatile.Read(ref turn);
                return;
            }

            int me = task.Rank - 1;
            for (int i = 0; i < RoundTrips; i++)
            {
                int mine = (2 * i) + me;
                rig.WaitUntil(task, () => Volatile.Read(ref turn) == mine);
                Volatile.Write(ref turn, mine + 1);
                rig.Ring(2 - me);
            }

            if (me == 1)
            {
                Volatile.Write(ref released, 1);
                rig.Ring(0);
            }
        });

        Assert.That(turnWhenReleased, Is.EqualTo(2 * RoundTrips));
    }

    /// <summary>
    /// When every rank rings all the others before it blocks, the core goes round-robin, 0, 1, 2, 3, 0, ..., and the
    /// exits keep that order (each exit hands the core to the next rung rank).
    /// </summary>
    [Test]
    public void WaitForDoorbell_AllRanksRung_CoreRunsThemRoundRobin()
    {
        const int Ranks = 4, Rounds = 200;
        int cpu = RankRig.OneCpu();
        var rig = new RankRig([cpu], Ranks, _ => cpu, Idle);
        int[] order = new int[Ranks * Rounds];
        int next = 0;

        rig.Run(task =>
        {
            for (int round = 0; round < Rounds; round++)
            {
                int seen = rig.Peek(task.Rank);
                order[Interlocked.Increment(ref next) - 1] = task.Rank;
                for (int other = 0; other < Ranks; other++)
                {
                    if (other != task.Rank)
                    {
                        rig.Ring(other);
                    }
                }

                // After its last turn a rank just exits: nobody would ring it again.
                if (round < Rounds - 1)
                {
                    rig.Scheduler.WaitForDoorbell(task, seen);
                }
            }
        });

        Assert.That(next, Is.EqualTo(order.Length));
        Assert.That(order, Is.EqualTo(Enumerable.Range(0, order.Length).Select(i => i % Ranks)));
    }

    /// <summary>Spins (yielding) until <paramref name="condition"/> holds, failing after the rig's safety limit.</summary>
    private static void WaitFor(Func<bool> condition)
    {
        DateTime deadline = DateTime.UtcNow + RankRig.SafetyLimit;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("The expected state was not reached within the safety limit.");
            }

            Thread.Sleep(1);
        }
    }
}

/// <summary>The scheduler's guarantees with idle cores polling (the default).</summary>
[TestFixture]
public sealed class PollingIsleSchedulerTests : IsleSchedulerBehaviourTests
{
    /// <inheritdoc/>
    private protected override IdlePolicy Idle => IdlePolicy.Poll;
}

/// <summary>The scheduler's guarantees with idle cores sleeping in futex_waitv.</summary>
[TestFixture]
public sealed class ParkingIsleSchedulerTests : IsleSchedulerBehaviourTests
{
    /// <inheritdoc/>
    private protected override IdlePolicy Idle => IdlePolicy.Park;
}
