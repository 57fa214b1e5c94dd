using Hpc.Hosted;
using Hpc.Scheduling;

namespace Hpc.Kernel.Tests.Scheduling;

/// <summary>Argument checks, registration rules, pinning and <see cref="IsleScheduler.Current"/>.</summary>
[TestFixture]
public sealed unsafe class IsleSchedulerTests
{
    /// <summary>Pinned memory for the doorbells of tests that need no running rank.</summary>
    private readonly int[] _words = GC.AllocateArray<int>(32, pinned: true);

    /// <summary>An 8-byte aligned doorbell in <see cref="_words"/> (pinned, so the pointer stays valid).</summary>
    private int* Doorbell
    {
        get
        {
            fixed (int* words = _words)
            {
                return (int*)(((nint)words + 7) & ~(nint)7);
            }
        }
    }

    /// <summary>An isle without cpus is refused.</summary>
    [Test]
    public void Constructor_NoCpus_ThrowsArgumentException()
    {
        Assert.That(() => new IsleScheduler([]), Throws.ArgumentException);
    }

    /// <summary>A cpu listed twice is refused.</summary>
    [Test]
    public void Constructor_RepeatedCpu_ThrowsArgumentException()
    {
        Assert.That(() => new IsleScheduler([0, 0]), Throws.ArgumentException);
    }

    /// <summary>A rank on a cpu outside the isle is refused.</summary>
    [Test]
    public void Register_CpuNotInIsle_ThrowsArgumentException()
    {
        var scheduler = new IsleScheduler([0]);

        Assert.That(() => scheduler.Register(0, 1, Doorbell), Throws.ArgumentException.With.Message.Contains("Cpu 1"));
    }

    /// <summary>A rank registered twice is refused.</summary>
    [Test]
    public void Register_SameRankTwice_ThrowsArgumentException()
    {
        var scheduler = new IsleScheduler([0]);
        scheduler.Register(3, 0, Doorbell);

        Assert.That(() => scheduler.Register(3, 0, Doorbell), Throws.ArgumentException.With.Message.Contains("Rank 3"));
    }

    /// <summary>A null doorbell is refused.</summary>
    [Test]
    public void Register_NullDoorbell_ThrowsArgumentException()
    {
        var scheduler = new IsleScheduler([0]);

        Assert.That(() => scheduler.Register(0, 0, null), Throws.ArgumentException);
    }

    /// <summary>A doorbell is two words on one cache line (counter and sleeping flag), hence 8-byte alignment.</summary>
    [TestCase(false)]
    [TestCase(true)]
    public void Register_MisalignedDoorbell_ThrowsArgumentException(bool parkWhenIdle)
    {
        var scheduler = new IsleScheduler([0], parkWhenIdle ? IdlePolicy.Park : IdlePolicy.Poll);

        Assert.That(() => scheduler.Register(0, 0, Doorbell + 1), Throws.ArgumentException.With.Message.Contains("aligned"));
    }

    /// <summary>Once a rank has entered, the set of ranks is closed.</summary>
    [Test]
    public void Register_AfterEnter_ThrowsInvalidOperation()
    {
        var rig = new RankRig([RankRig.OneCpu()], 1, _ => RankRig.OneCpu());
        int* late = Doorbell;
        Exception? error = null;

        rig.Run(_ => error = Catch(() => rig.Scheduler.Register(7, RankRig.OneCpu(), late)));

        Assert.That(error, Is.InstanceOf<InvalidOperationException>());
    }

    /// <summary>A task of one scheduler cannot enter another.</summary>
    [Test]
    public void Enter_TaskOfOtherScheduler_ThrowsArgumentException()
    {
        RankTask foreign = new IsleScheduler([0]).Register(0, 0, Doorbell);
        var scheduler = new IsleScheduler([0]);

        Assert.That(() => scheduler.Enter(foreign), Throws.ArgumentException);
    }

    /// <summary>A rank's thread is pinned to the rank's cpu alone, and runs there.</summary>
    [Test]
    public void Enter_Rank_PinsThreadToItsCpu()
    {
        int cpu = CpuAffinity.AllowedCpus()[^1];
        var rig = new RankRig([cpu], 1, _ => cpu);
        int[] allowed = [];
        int running = -1;

        rig.Run(_ =>
        {
            allowed = CpuAffinity.AllowedCpus();
            running = CpuAffinity.CurrentCpu();
        });

        Assert.That(allowed, Is.EqualTo(new[] { cpu }));
        Assert.That(running, Is.EqualTo(cpu));
    }

    /// <summary>Current is the rank between Enter and Exit, and null before, after and on other threads.</summary>
    [Test]
    public void Current_OnAndOffRank_IsTheRankOnlyBetweenEnterAndExit()
    {
        int cpu = RankRig.OneCpu();
        var rig = new RankRig([cpu], 1, _ => cpu);
        RankTask task = rig.Tasks[0];
        RankTask? before = task, inside = null, after = task;

        var thread = new Thread(() =>
        {
            before = IsleScheduler.Current;
            rig.Scheduler.Enter(task);
            inside = IsleScheduler.Current;
            rig.Scheduler.Exit(task);
            after = IsleScheduler.Current;
        });
        thread.Start();
        Assert.That(thread.Join(RankRig.SafetyLimit), Is.True);

        Assert.That(before, Is.Null);
        Assert.That(inside, Is.SameAs(task));
        Assert.That(after, Is.Null);
        Assert.That(IsleScheduler.Current, Is.Null);
    }

    /// <summary>Waiting is only for the thread running the rank.</summary>
    [Test]
    public void WaitForDoorbell_OffRankThread_ThrowsInvalidOperation()
    {
        var scheduler = new IsleScheduler([0]);
        RankTask task = scheduler.Register(0, 0, Doorbell);

        Assert.That(() => scheduler.WaitForDoorbell(task, 0), Throws.InvalidOperationException);
    }

    /// <summary>A rank whose doorbell already moved on does not block, even alone on its core.</summary>
    [Test]
    public void WaitForDoorbell_AlreadyRung_ReturnsAtOnce()
    {
        int cpu = RankRig.OneCpu();
        var rig = new RankRig([cpu], 1, _ => cpu);
        bool returned = false;

        rig.Run(task =>
        {
            int seen = rig.Peek(task.Rank);
            rig.Ring(task.Rank);
            rig.Scheduler.WaitForDoorbell(task, seen);
            returned = true;
        });

        Assert.That(returned, Is.True);
    }

    /// <summary>Ranks whose threads cannot be pinned still pass the core on, so their core ends idle instead of hanging.</summary>
    [Test]
    public void Enter_CpuCannotBePinned_ThrowsAndPassesCoreOn()
    {
        const int Offline = 4000;
        var rig = new RankRig([Offline], 2, _ => Offline);
        bool ran = false;

        rig.Start(_ => ran = true);

        Assert.That(rig.Join, Throws.InstanceOf<ConfinementException>());
        Assert.That(ran, Is.False);
        Assert.That(rig.Scheduler.HolderOf(Offline), Is.Null);
    }

    /// <summary>Entering twice is refused.</summary>
    [Test]
    public void Enter_Twice_ThrowsInvalidOperation()
    {
        int cpu = RankRig.OneCpu();
        var rig = new RankRig([cpu], 1, _ => cpu);
        Exception? error = null;

        rig.Run(task => error = Catch(() => rig.Scheduler.Enter(task)));

        Assert.That(error, Is.InstanceOf<InvalidOperationException>());
    }

    /// <summary>The exception <paramref name="action"/> throws, or null.</summary>
    private static Exception? Catch(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (Exception error)
        {
            return error;
        }
    }
}
