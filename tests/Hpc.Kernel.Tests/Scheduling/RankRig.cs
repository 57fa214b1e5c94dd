using System.Runtime.ExceptionServices;
using Hpc.Hosted;
using Hpc.Scheduling;

namespace Hpc.Kernel.Tests.Scheduling;

/// <summary>
/// An isle in miniature for the scheduler tests: a scheduler, one doorbell per rank (on its own cache line, in pinned
/// memory) and one real thread per rank that enters, runs a body and exits. A rig that does not finish within a
/// generous limit fails its test; its threads are background threads so a stuck rig cannot keep the host alive.
/// </summary>
internal sealed unsafe class RankRig
{
    /// <summary>How long a rig may run before its test fails: only a safety net against hangs, never a measure.</summary>
    public static readonly TimeSpan SafetyLimit = TimeSpan.FromMinutes(2);

    /// <summary>Ints in a cache line: one doorbell each.</summary>
    private const int IntsPerLine = 16;

    /// <summary>Pinned memory holding the doorbells.</summary>
    private readonly int[] _doorbellMemory;
    /// <summary>The first doorbell, 64-byte aligned.</summary>
    private readonly int* _doorbells;
    /// <summary>The rank threads, once started.</summary>
    private readonly List<Thread> _threads = [];
    /// <summary>Exceptions the bodies threw, by rank.</summary>
    private readonly Exception?[] _failures;

    /// <summary>Creates a scheduler over <paramref name="cpus"/> and registers <paramref name="ranks"/> ranks, rank r on <c>cpuOf(r)</c>.</summary>
    public RankRig(IReadOnlyList<int> cpus, int ranks, Func<int, int> cpuOf, IdlePolicy idle = IdlePolicy.Poll)
    {
        _doorbellMemory = GC.AllocateArray<int>((ranks + 1) * IntsPerLine, pinned: true);
        fixed (int* memory = _doorbellMemory)
        {
            // Pinned for the array's life: the pointer stays valid after the fixed block.
            _doorbells = (int*)(((nint)memory + 63) & ~(nint)63);
        }

        _failures = new Exception?[ranks];
        Scheduler = new IsleScheduler(cpus, idle);
        Tasks = new RankTask[ranks];
        for (int rank = 0; rank < ranks; rank++)
        {
            Tasks[rank] = Scheduler.Register(rank, cpuOf(rank), Doorbell(rank));
        }
    }

    /// <summary>The scheduler under test.</summary>
    public IsleScheduler Scheduler { get; }

    /// <summary>The registered ranks, by rank.</summary>
    public RankTask[] Tasks { get; }

    /// <summary>The first two cpus the test host may use, or the test is skipped.</summary>
    public static int[] TwoCpus()
    {
        int[] allowed = CpuAffinity.AllowedCpus();
        if (allowed.Length < 2)
        {
            Assert.Ignore("Needs two cpus.");
        }

        return allowed[..2];
    }

    /// <summary>A cpu the test host may use.</summary>
    public static int OneCpu() => CpuAffinity.AllowedCpus()[0];

    /// <summary>The doorbell of <paramref name="rank"/>.</summary>
    public int* Doorbell(int rank) => _doorbells + (rank * IntsPerLine);

    /// <summary>Bumps the doorbell of <paramref name="rank"/> (wakes its core if it sleeps).</summary>
    public void Ring(int rank) => Hpc.Hosted.Doorbell.Ring(Doorbell(rank));

    /// <summary>The current value of the doorbell of <paramref name="rank"/>.</summary>
    public int Peek(int rank) => Volatile.Read(ref *Doorbell(rank));

    /// <summary>
    /// Blocks the calling rank until <paramref name="condition"/> holds, in the doorbell pattern the message code uses:
    /// read the doorbell, test, and wait for the doorbell to move on from the value read.
    /// </summary>
    public void WaitUntil(RankTask task, Func<bool> condition)
    {
        while (true)
        {
            int seen = Volatile.Read(ref *task.Doorbell);
            if (condition())
            {
                return;
            }

            Scheduler.WaitForDoorbell(task, seen);
        }
    }

    /// <summary>Starts one thread per rank running Enter, <paramref name="body"/>, Exit.</summary>
    public void Start(Action<RankTask> body)
    {
        foreach (RankTask task in Tasks)
        {
            var thread = new Thread(() => RunRank(task, body))
            {
                IsBackground = true,
                Name = $"rank {task.Rank}",
            };
            _threads.Add(thread);
        }

        foreach (Thread thread in _threads)
        {
            thread.Start();
        }
    }

    /// <summary>Waits for every rank thread; fails the test on a hang and rethrows the first body exception.</summary>
    public void Join()
    {
        DateTime deadline = DateTime.UtcNow + SafetyLimit;
        foreach (Thread thread in _threads)
        {
            TimeSpan left = deadline - DateTime.UtcNow;
            if (!thread.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero))
            {
                Assert.Fail($"{thread.Name} did not finish within {SafetyLimit} (a lost wake-up or a deadlock).");
            }
        }

        foreach (Exception? failure in _failures)
        {
            if (failure is not null)
            {
                ExceptionDispatchInfo.Capture(failure).Throw();
            }
        }
    }

    /// <summary>Starts the ranks and waits for them.</summary>
    public void Run(Action<RankTask> body)
    {
        Start(body);
        Join();
    }

    /// <summary>One rank thread: enter, body, exit (also after a throw, so the core moves on).</summary>
    private void RunRank(RankTask task, Action<RankTask> body)
    {
        try
        {
            Scheduler.Enter(task);
        }
        catch (Exception error)
        {
            _failures[task.Rank] = error;
            return;
        }

        try
        {
            body(task);
        }
        catch (Exception error)
        {
            _failures[task.Rank] = error;
        }
        finally
        {
            Scheduler.Exit(task);
        }
    }
}
