using Hpc.OpenMp;

namespace Hpc.OpenMp.Tests.Loops;

/// <summary>Every schedule runs every iteration exactly once, combined and inside a region, for awkward ranges.</summary>
[TestFixture]
public sealed class ScheduleCoverageTests
{
    /// <summary>The schedules under test.</summary>
    private static readonly Schedule[] s_schedules =
    [
        Schedule.Static(), Schedule.Static(1), Schedule.Static(3), Schedule.Static(1000),
        Schedule.Dynamic(), Schedule.Dynamic(7), Schedule.Guided(), Schedule.Guided(5), Schedule.Runtime, Schedule.Auto,
    ];

    /// <summary>Ranges: (from, to, step).</summary>
    private static readonly (int From, int To, int Step)[] s_ranges =
    [
        (0, 0, 1), (5, 5, 1), (7, 3, 1), (0, 1, 1), (0, 2, 1), (0, 3, 1), (0, 1001, 1), (-17, 4093, 1),
        (0, 1000, 3), (1000, 0, -1), (999, -2, -7), (3, 7, -1), (int.MaxValue - 5, int.MaxValue, 1),
        (int.MinValue, int.MinValue + 10, 3), (10, 9, -5),
    ];

    /// <summary>The expected loop variables of a range, by a plain serial loop.</summary>
    private static List<int> Serial(int from, int to, int step)
    {
        List<int> values = [];
        for (long i = from; step > 0 ? i < to : i > to; i += step)
        {
            values.Add((int)i);
        }

        return values;
    }

    /// <summary>Counts each loop variable's executions.</summary>
    private static void AssertExactlyOnce(List<int> expected, Dictionary<int, int> counts, string what)
    {
        Assert.That(counts.Keys, Is.EquivalentTo(expected), what);
        Assert.That(counts.Values, Has.All.EqualTo(1), what);
    }

    /// <summary>ParallelFor, every schedule: runs each iteration once.</summary>
    [Test]
    public void ParallelFor_EverySchedule_RunsEachIterationOnce()
    {
        foreach (Schedule schedule in s_schedules)
        {
            foreach ((int from, int to, int step) in s_ranges)
            {
                var counts = new Dictionary<int, int>();
                var gate = new object();
                Omp.ParallelFor(from, to, step, schedule, i =>
                {
                    lock (gate)
                    {
                        counts[i] = counts.GetValueOrDefault(i) + 1;
                    }
                });
                AssertExactlyOnce(Serial(from, to, step), counts, $"{schedule} over ({from}, {to}, {step})");
            }
        }
    }

    /// <summary>For, inside region: every schedule runs each iteration once.</summary>
    [Test]
    public void For_InsideRegion_EveryScheduleRunsEachIterationOnce()
    {
        foreach (Schedule schedule in s_schedules)
        {
            foreach ((int from, int to, int step) in s_ranges)
            {
                var counts = new Dictionary<int, int>();
                var gate = new object();
                Omp.Parallel(() =>
                {
                    // Two loops back to back: the work-sharing slots must not mix them up.
                    for (int round = 0; round < 2; round++)
                    {
                        Omp.For(from, to, step, schedule, i =>
                        {
                            lock (gate)
                            {
                                counts[i] = counts.GetValueOrDefault(i) + 1;
                            }
                        });
                        Omp.Single(() =>
                        {
                            AssertExactlyOnce(Serial(from, to, step), counts, $"{schedule} over ({from}, {to}, {step})");
                            counts.Clear();
                        });
                    }
                });
            }
        }
    }

    /// <summary>ParallelFor, zero step: throws.</summary>
    [Test]
    public void ParallelFor_ZeroStep_Throws()
    {
        Assert.That(() => Omp.ParallelFor(0, 10, 0, Schedule.Static(), _ => { }), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    /// <summary>ParallelFor, static: threads get contiguous blocks in order.</summary>
    [Test]
    public void ParallelFor_Static_ThreadsGetContiguousBlocksInOrder()
    {
        int n = 1000;
        int[] owner = new int[n];
        Omp.ParallelFor(0, n, Schedule.Static(), i => owner[i] = Omp.ThreadNum);
        Assert.That(owner, Is.Ordered);
        Assert.That(owner.Distinct().Count(), Is.EqualTo(Math.Min(Omp.MaxThreads, n)));
    }
}
