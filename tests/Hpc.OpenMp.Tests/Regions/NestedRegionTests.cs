using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;

using Hpc.OpenMp.Teams;

namespace Hpc.OpenMp.Tests.Regions;

/// <summary>
/// Active nested regions: a region started inside an active one gets a team of its own while max-active-levels
/// allows (2 here, through the runtime's ICV: the environment is read once per process). Each test runs its regions
/// on a thread of its own and fails, rather than hangs, when they do not finish.
/// </summary>
[TestFixture]
public sealed class NestedRegionTests
{
    /// <summary>How long threads that must meet wait for each other before the test calls them serialized.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>The schedules a nested loop is run with.</summary>
    private static readonly Schedule[] s_schedules =
    [
        Schedule.Static(), Schedule.Static(7), Schedule.Dynamic(1), Schedule.Dynamic(16), Schedule.Guided(), Schedule.Guided(5),
        Schedule.Auto, Schedule.Runtime,
    ];

    /// <summary>max-active-levels before the test.</summary>
    private int _maxActiveLevels;

    /// <summary>Two active levels for each test.</summary>
    [SetUp]
    public void AllowTwoActiveLevels()
    {
        _maxActiveLevels = Omp.MaxActiveLevels;
        Omp.MaxActiveLevels = 2;
    }

    /// <summary>Restores max-active-levels.</summary>
    [TearDown]
    public void Restore() => Omp.MaxActiveLevels = _maxActiveLevels;

    /// <summary>
    /// Nested 2×2: the four (outer, inner) pairs are distinct and all alive at once: each waits until the four have
    /// arrived, which a serialized inner region (one thread per outer thread, two alive at most) never achieves.
    /// </summary>
    [Test]
    public void Nested2x2_FourDistinctPairsRunAtOnce()
    {
        var pairs = new ConcurrentBag<(int Outer, int Inner)>();
        using var arrivals = new CountdownEvent(4);
        bool[] met = new bool[4];
        RunWithin(() => Omp.Parallel(2, () =>
        {
            int outer = Omp.ThreadNum;
            Omp.Parallel(2, () =>
            {
                int inner = Omp.ThreadNum;
                pairs.Add((outer, inner));
                arrivals.Signal();
                met[(outer * 2) + inner] = arrivals.Wait(Patience);
                Omp.Barrier(); // the inner team's: its two threads
            });
        }));
        Assert.That(pairs.Order(), Is.EqualTo(new[] { (0, 0), (0, 1), (1, 0), (1, 1) }));
        Assert.That(met, Has.All.True, "all four threads were alive at once");
    }

    /// <summary>
    /// Nested 2×3 with a third, serialized level: Level, ActiveLevel, NumThreads, AncestorThreadNum and TeamSize at
    /// every level, and the outer thread's own values back once the inner region ends.
    /// </summary>
    [Test]
    public void Nested2x3_RuntimeFunctionsAnswerForEveryLevel()
    {
        Assert.That((Omp.AncestorThreadNum(0), Omp.TeamSize(0), Omp.AncestorThreadNum(1), Omp.TeamSize(1)), Is.EqualTo((0, 1, -1, -1)));
        var inner = new ConcurrentBag<string>();
        var third = new ConcurrentBag<string>();
        var after = new ConcurrentBag<string>();
        RunWithin(() => Omp.Parallel(2, () =>
        {
            int outer = Omp.ThreadNum;
            Omp.Parallel(3, () =>
            {
                inner.Add(Describe());
                Omp.Parallel(2, () => third.Add(Describe()));
            });
            after.Add($"{Omp.ThreadNum} {Omp.NumThreads} {Omp.Level} {Omp.ActiveLevel} {Omp.InParallel}");
        }));

        string[] expectedInner = [.. from o in new[] { 0, 1 } from i in new[] { 0, 1, 2 }
            select $"t{i} n3 L2 A2 in:True anc:0,{o},{i},-1,-1 size:1,2,3,-1"];
        string[] expectedThird = [.. from o in new[] { 0, 1 } from i in new[] { 0, 1, 2 }
            select $"t0 n1 L3 A2 in:True anc:0,{o},{i},0,-1 size:1,2,3,1"];
        Assert.That(inner.Order(), Is.EqualTo(expectedInner.Order()));
        Assert.That(third.Order(), Is.EqualTo(expectedThird.Order()), "beyond max-active-levels: a team of one");
        Assert.That(after.Order(), Is.EqualTo(new[] { "0 2 1 1 True", "1 2 1 1 True" }));
    }

    /// <summary>max-active-levels 1: the inner region runs serialized, a team of one.</summary>
    [Test]
    public void MaxActiveLevelsOne_SerializesTheInnerRegion()
    {
        Omp.MaxActiveLevels = 1;
        var inner = new ConcurrentBag<string>();
        RunWithin(() => Omp.Parallel(2, () =>
        {
            int outer = Omp.ThreadNum;
            Omp.Parallel(2, () =>
            {
                inner.Add($"{outer}: {Omp.ThreadNum} {Omp.NumThreads} {Omp.Level} {Omp.ActiveLevel} {Omp.TeamSize(2)}");
                Omp.Barrier(); // a team of one: returns at once
            });
        }));
        Assert.That(inner.Order(), Is.EqualTo(new[] { "0: 0 1 2 1 1", "1: 0 1 2 1 1" }));
    }

    /// <summary>
    /// Nested loops under every schedule: a work-shared loop with a reduction, an ordered loop and a combined
    /// parallel loop with a reduction, in two inner teams at once, each give the serial answer for their team.
    /// </summary>
    [TestCaseSource(nameof(s_schedules))]
    public void NestedFor_EverySchedule_GivesTheSerialAnswer(Schedule schedule)
    {
        const int N = 10_000;
        long[] sums = new long[4];
        long[] combined = new long[2];
        int[] runs = new int[2 * N];
        int[] disorder = new int[2];
        int[] nextOrdered = new int[2];
        RunWithin(() => Omp.Parallel(2, () =>
        {
            int outer = Omp.ThreadNum;
            Omp.Parallel(2, () =>
            {
                int scale = outer + 1;
                sums[(outer * 2) + Omp.ThreadNum] = Omp.For(0, N, schedule, Reduction.Sum<long>(), (i, acc) => acc + ((long)i * scale));
                Omp.For(0, N, schedule, i => Interlocked.Increment(ref runs[(outer * N) + i]));
                Omp.For(0, N, schedule.WithOrdered(), i => Omp.Ordered(() =>
                {
                    // The team's ordered blocks run one at a time, in iteration order: a plain shared counter.
                    if (i != nextOrdered[outer])
                    {
                        Interlocked.Increment(ref disorder[outer]);
                    }

                    nextOrdered[outer] = i + 1;
                }));
            });
            combined[outer] = Omp.ParallelFor(0, N, schedule, Reduction.Sum<long>(), (i, acc) => acc + i);
        }));
        long serial = (long)N * (N - 1) / 2;
        Assert.That(sums, Is.EqualTo(new[] { serial, serial, 2 * serial, 2 * serial }));
        Assert.That(runs, Has.All.EqualTo(1));
        Assert.That(disorder, Has.All.Zero);
        Assert.That(combined, Has.All.EqualTo(serial));
    }

    /// <summary>
    /// Work-sharing in two inner teams at once, many rounds: single (and its copyprivate), sections, tasks,
    /// barriers and reductions act on the calling thread's inner team only; critical excludes across teams.
    /// </summary>
    [Test]
    public void NestedTeams_WorkSharingActsOnTheirOwnTeam()
    {
        const int Rounds = 200;
        int[] singles = new int[2];
        int[] copyMismatches = new int[2];
        int[] sections = new int[6];
        int[] tasks = new int[2];
        int[] barrierViolations = new int[2];
        int[] reduceMismatches = new int[2];
        long critical = 0;
        int[] phase = new int[4 * 16];
        RunWithin(() => Omp.Parallel(2, () =>
        {
            int outer = Omp.ThreadNum;
            Omp.Parallel(2, () =>
            {
                int me = Omp.ThreadNum;
                for (int round = 1; round <= Rounds; round++)
                {
                    Omp.Single(() => { singles[outer]++; });
                    int shared = Omp.Single(() => (outer * 100_000) + round);
                    if (shared != (outer * 100_000) + round)
                    {
                        Interlocked.Increment(ref copyMismatches[outer]);
                    }

                    Omp.Sections(() => sections[outer * 3]++, () => sections[(outer * 3) + 1]++, () => sections[(outer * 3) + 2]++);
                    Omp.Single(() =>
                    {
                        for (int t = 0; t < 5; t++)
                        {
                            Omp.Task(() => Interlocked.Increment(ref tasks[outer]));
                        }
                    });

                    Volatile.Write(ref phase[((outer * 2) + me) * 16], round);
                    Omp.Barrier();
                    for (int other = 0; other < 2; other++)
                    {
                        int seen = Volatile.Read(ref phase[((outer * 2) + other) * 16]);
                        if (seen < round || seen > round + 1)
                        {
                            Interlocked.Increment(ref barrierViolations[outer]);
                        }
                    }

                    if (Omp.Reduce(outer + 1, Reduction.Sum<int>()) != 2 * (outer + 1))
                    {
                        Interlocked.Increment(ref reduceMismatches[outer]);
                    }

                    Omp.Critical(() => critical++);
                }
            });
        }));
        Assert.That(singles, Has.All.EqualTo(Rounds));
        Assert.That(copyMismatches, Has.All.Zero);
        Assert.That(sections, Has.All.EqualTo(Rounds));
        Assert.That(tasks, Has.All.EqualTo(5 * Rounds));
        Assert.That(barrierViolations, Has.All.Zero);
        Assert.That(reduceMismatches, Has.All.Zero);
        Assert.That(critical, Is.EqualTo(4L * Rounds));
    }

    /// <summary>
    /// A nested region in a loop of 1000 iterations, from both outer threads, and 1000 outer regions each with
    /// nested ones: the pool's teams are reused, so no team and (but for a small slack for the runtime's own) no
    /// thread is added once two nested regions have run side by side.
    /// </summary>
    [Test]
    public void NestedRegionInALoop_AddsNoThreads()
    {
        // Warm-up: two nested regions held side by side, so the pool has the teams the loops need.
        using var both = new CountdownEvent(2);
        bool met = false;
        RunWithin(() => Omp.Parallel(2, () => Omp.Parallel(2, () =>
        {
            if (Omp.ThreadNum == 0)
            {
                both.Signal();
                met = both.Wait(Patience);
            }
        })));
        Assert.That(met, Is.True, "the warm-up's nested regions ran side by side");
        int teams = OmpRuntime.NestedTeams.Made;
        int threads = Process.GetCurrentProcess().Threads.Count;

        long runs = 0;
        RunWithin(() =>
        {
            Omp.Parallel(2, () =>
            {
                for (int i = 0; i < 1000; i++)
                {
                    Omp.Parallel(2, () => Interlocked.Increment(ref runs));
                }
            });
            for (int i = 0; i < 1000; i++)
            {
                Omp.Parallel(2, () => Omp.Parallel(2, () => Interlocked.Increment(ref runs)));
            }
        });

        Assert.That(runs, Is.EqualTo(8000));
        Assert.That(OmpRuntime.NestedTeams.Made, Is.EqualTo(teams), "nested teams made after the warm-up");
        Assert.That(Process.GetCurrentProcess().Threads.Count, Is.LessThanOrEqualTo(threads + 4), "process threads");
    }

    /// <summary>
    /// An exception in a nested team reaches the thread that started the nested region (there it may be caught),
    /// or, uncaught, the caller of the outer region; the nested teams stay usable.
    /// </summary>
    [Test]
    public void NestedTeam_Exception_ReachesTheEncounteringThread()
    {
        string?[] caught = new string?[2];
        RunWithin(() => Omp.Parallel(2, () =>
        {
            int outer = Omp.ThreadNum;
            try
            {
                Omp.Parallel(2, () =>
                {
                    if (Omp.ThreadNum == 1)
                    {
                        throw new InvalidOperationException($"inner of {outer}");
                    }

                    // The thread 0 waits at a barrier the thrower never reaches: it must be released.
                    Omp.Barrier();
                });
            }
            catch (InvalidOperationException e)
            {
                caught[outer] = e.Message;
            }
        }));
        Assert.That(caught, Is.EqualTo(new[] { "inner of 0", "inner of 1" }));

        var error = Assert.Throws<ApplicationException>(() => RunWithin(() => Omp.Parallel(2, () => Omp.Parallel(2, () =>
        {
            if (Omp.AncestorThreadNum(1) == 1 && Omp.ThreadNum == 1)
            {
                throw new ApplicationException("deep");
            }
        }))));
        Assert.That(error!.Message, Is.EqualTo("deep"));

        long sum = 0;
        RunWithin(() => Omp.Parallel(2, () =>
        {
            long part = Omp.ParallelFor(0, 100, Schedule.Dynamic(3), Reduction.Sum<long>(), (i, acc) => acc + i);
            Interlocked.Add(ref sum, part);
        }));
        Assert.That(sum, Is.EqualTo(2 * 4950));
    }

    /// <summary>
    /// The pool against thread-limit-var: a nested region gets what the limit leaves after the rank's region and the
    /// nested ones running, none when fewer than two threads are left, and the threads back when its team is returned.
    /// </summary>
    [Test]
    public void NestedTeamPool_ThreadLimit_SizesAndRefuses()
    {
        var pool = new NestedTeamPool([0, 1], bound: false, WaitPolicy.Passive, stackSize: 0);
        Team? first = pool.TryRent(4, rootThreads: 2, threadLimit: 5, out int firstSize);
        Assert.That((first is not null, firstSize), Is.EqualTo((true, 4)), "2 + 3 members = 5");
        Assert.That(pool.TryRent(2, rootThreads: 2, threadLimit: 5, out int refused), Is.Null);
        Assert.That(refused, Is.EqualTo(1));

        pool.Return(first!, firstSize);
        Team? second = pool.TryRent(8, rootThreads: 2, threadLimit: 5, out int secondSize);
        Assert.That((second, secondSize), Is.EqualTo((first, 4)), "the idle team is reused, cut to the limit");
        pool.Return(second!, secondSize);
        Assert.That(pool.Made, Is.EqualTo(1));
    }

    /// <summary>
    /// Nested members may run on every cpu the rank owns (a nested team confined to one cpu would run its threads one
    /// at a time). The confinement the pool undoes, the main thread's mask narrowed to place 0 by a region it started
    /// with OMP_PROC_BIND set, cannot arise here (the test runner's main thread starts no region): this guards the rest.
    /// </summary>
    [Test]
    public void NestedMembers_MayRunOnEveryCpuOfTheRank()
    {
        int[] allowed = new int[2];
        RunWithin(() => Omp.Parallel(2, () =>
        {
            int outer = Omp.ThreadNum;
            Omp.Parallel(2, () =>
            {
                if (Omp.ThreadNum == 1)
                {
                    allowed[outer] = AllowedCpuCount();
                }
            });
        }));
        Assert.That(allowed, Has.All.EqualTo(OmpRuntime.Cpus.Length));
    }

    /// <summary>The number of cpus the calling thread may run on, from its <c>Cpus_allowed_list</c> ("0-3,6").</summary>
    private static int AllowedCpuCount()
    {
        string list = File.ReadLines("/proc/thread-self/status").First(line => line.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal));
        int count = 0;
        foreach (string range in list["Cpus_allowed_list:".Length..].Trim().Split(','))
        {
            string[] ends = range.Split('-');
            count += ends.Length == 1 ? 1 : int.Parse(ends[1], System.Globalization.CultureInfo.InvariantCulture) - int.Parse(ends[0], System.Globalization.CultureInfo.InvariantCulture) + 1;
        }

        return count;
    }

    /// <summary>The state of an inner thread: its numbers, levels, ancestors and their team sizes.</summary>
    private static string Describe() =>
        $"t{Omp.ThreadNum} n{Omp.NumThreads} L{Omp.Level} A{Omp.ActiveLevel} in:{Omp.InParallel} "
            + $"anc:{Omp.AncestorThreadNum(0)},{Omp.AncestorThreadNum(1)},{Omp.AncestorThreadNum(2)},{Omp.AncestorThreadNum(3)},{Omp.AncestorThreadNum(-1)} "
            + $"size:{Omp.TeamSize(0)},{Omp.TeamSize(1)},{Omp.TeamSize(2)},{Omp.TeamSize(3)}";

    /// <summary>Runs <paramref name="body"/> on a thread of its own; fails if it has not returned in two minutes, rethrows what it threw.</summary>
    private static void RunWithin(Action body)
    {
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                body();
            }
            catch (Exception e)
            {
                error = e;
            }
        })
        {
            IsBackground = true,
            Name = "nested region test",
        };
        thread.Start();
        Assert.That(thread.Join(TimeSpan.FromMinutes(2)), Is.True, "the regions finished");
        if (error is not null)
        {
            ExceptionDispatchInfo.Throw(error);
        }
    }
}
