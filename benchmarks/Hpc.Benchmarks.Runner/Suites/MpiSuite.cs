using Hpc.Benchmarks.Runner.Contenders;
using Hpc.Benchmarks.Runner.Processes;
using Hpc.Benchmarks.Runner.Results;
using Spectre.Console;

namespace Hpc.Benchmarks.Runner.Suites;

/// <summary>
/// The message-passing suite: OSU-style latency, bandwidth, barrier and allreduce at -n 2, latency and bandwidth
/// between two metal isles (where QEMU is installed), a 2-D halo exchange (Heat2D's step) at -n 2 and -n 4, the
/// computation an Iallreduce hides (OSU's overlap), barrier
/// and allreduce at -n 64 (oversubscribed), and the start of 64 ranks, each measured in rounds that interleave the contenders
/// (A B A B …), with the C floor at the start, before every latency round, and at the end.
/// </summary>
internal sealed class MpiSuite
{
    /// <summary>The suite's name on the command line.</summary>
    public const string Name = "mpi";

    /// <summary>Ranks of the point-to-point and small collective measures: one per cpu here.</summary>
    public const int SmallRanks = 2;

    /// <summary>Ranks of the larger halo exchange: a 2×2 grid, two ranks a cpu here.</summary>
    public const int HaloRanks = 4;

    /// <summary>Ranks of the oversubscribed collectives and of the start-time measure.</summary>
    public const int ManyRanks = 64;

    /// <summary>Rounds of latency, bandwidth and the -n 2 collectives (each program run takes about a second).</summary>
    private const int Rounds = 5;

    /// <summary>Rounds of the -n 64 collectives: an MPICH round takes ≈ 20 s (≈ 650 ms a barrier, 10 of each).</summary>
    private const int OversubscribedRounds = 3;

    /// <summary>Rounds of the start-time measure (after one untimed start of each, which fills the page cache).</summary>
    private const int StartRounds = 5;

    /// <summary>Time limit of one program run at -n 2.</summary>
    private static readonly TimeSpan s_smallTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Rounds of the metal measures (each run boots two VMs under TCG: tens of seconds).</summary>
    private const int MetalRounds = 3;

    /// <summary>Time limit of one run on metal isles (the first publishes the job with ILCompiler and builds the kernel).</summary>
    private static readonly TimeSpan s_metalTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Time limit of one program run at -n 64.</summary>
    private static readonly TimeSpan s_manyTimeout = TimeSpan.FromMinutes(3);

    /// <summary>The folder the programs run in: the checkout's root.</summary>
    private readonly string _root;

    /// <summary>The systems compared, in the order each round runs them.</summary>
    private readonly IReadOnlyList<IContender> _contenders;

    /// <summary>The C floor.</summary>
    private readonly FloorProbe _floor;

    /// <summary>Everything measured so far.</summary>
    private readonly SampleSet _set = new();

    /// <summary>A suite comparing <paramref name="contenders"/>, run from <paramref name="root"/>.</summary>
    public MpiSuite(string root, IReadOnlyList<IContender> contenders, FloorProbe floor)
    {
        _root = root;
        _contenders = contenders;
        _floor = floor;
    }

    /// <summary>
    /// The 1-minute load average after the -n 2 phases, before the oversubscribed ones (whose 64 busy ranks
    /// would swamp it): null until then, or where there is none.
    /// </summary>
    public double? LoadAfterSmallRanks { get; private set; }

    /// <summary>Runs the whole suite, showing each phase's progress in <paramref name="progress"/>.</summary>
    public SampleSet Run(ProgressContext progress)
    {
        int measuring = _contenders.Count(contender => contender.CanMeasure);
        int starting = _contenders.Count;
        ProgressTask floorStart = progress.AddTask("C floor (start)", autoStart: false, maxValue: 1);
        ProgressTask latency = progress.AddTask("latency -n 2", autoStart: false, maxValue: Rounds * (measuring + 1));
        ProgressTask bandwidth = progress.AddTask("bandwidth -n 2", autoStart: false, maxValue: Rounds * measuring);
        HpcContender? metal = _contenders.OfType<HpcContender>().FirstOrDefault(contender => contender.CanMeasure && QemuInstalled);
        ProgressTask? onMetal = metal is null ? null : progress.AddTask("latency, bandwidth -n 2, metal isles (TCG)", autoStart: false, maxValue: 2 * MetalRounds);
        ProgressTask small = progress.AddTask("barrier, allreduce -n 2", autoStart: false, maxValue: Rounds * measuring);
        ProgressTask halo = progress.AddTask($"halo exchange -n {SmallRanks}", autoStart: false, maxValue: Rounds * measuring);
        ProgressTask overlap = progress.AddTask($"Iallreduce overlap -n {SmallRanks}", autoStart: false, maxValue: Rounds * measuring);
        ProgressTask haloMany = progress.AddTask($"halo exchange -n {HaloRanks}", autoStart: false, maxValue: OversubscribedRounds * measuring);
        ProgressTask many = progress.AddTask(
            $"barrier, allreduce -n {ManyRanks}", autoStart: false, maxValue: OversubscribedRounds * measuring);
        ProgressTask start = progress.AddTask(
            $"start of {ManyRanks} ranks", autoStart: false, maxValue: (StartRounds + 1) * starting);
        ProgressTask floorEnd = progress.AddTask("C floor (end)", autoStart: false, maxValue: 1);

        RunFloor(floorStart, "floor-start", 1);
        RunMeasure(latency, "latency", SmallRanks, Rounds, s_smallTimeout, floorEachRound: true);
        RunMeasure(bandwidth, "bandwidth", SmallRanks, Rounds, s_smallTimeout, floorEachRound: false);
        if (metal is not null && onMetal is not null)
        {
            RunOnMetal(onMetal, metal);
        }

        RunMeasure(small, "collectives", SmallRanks, Rounds, s_smallTimeout, floorEachRound: false);
        RunMeasure(halo, "halo", SmallRanks, Rounds, s_smallTimeout, floorEachRound: false);
        RunMeasure(haloMany, "halo", HaloRanks, OversubscribedRounds, s_manyTimeout, floorEachRound: false);
        RunMeasure(overlap, "overlap", SmallRanks, Rounds, s_smallTimeout, floorEachRound: false);
        LoadAfterSmallRanks = LoadAverage.Read();
        RunMeasure(many, "collectives", ManyRanks, OversubscribedRounds, s_manyTimeout, floorEachRound: false);
        RunStart(start);
        RunFloor(floorEnd, "floor-end", 1);
        return _set;
    }

    /// <summary>One run of the floor program, recorded as <paramref name="measure"/> for <paramref name="round"/>.</summary>
    private void RunFloor(ProgressTask task, string measure, int round)
    {
        if (!task.IsStarted)
        {
            task.StartTask();
        }

        ChildResult result = ChildProcess.Run(_floor.Command, _root, s_smallTimeout);
        ResultLine line = default;
        if (!result.Succeeded)
        {
            _set.Fail(new Failure(SystemKind.Floor, measure, result.Describe()));
        }
        else if (!result.Output.Any(text => ResultLine.TryParse(text, out line) && line.Measure == "floor"))
        {
            _set.Fail(new Failure(SystemKind.Floor, measure, "printed no \"floor NS\" line"));
        }
        else
        {
            _set.Add(new Sample(SystemKind.Floor, measure, 0, round, line.Value, "ns"));
        }

        Advance(task);
    }

    /// <summary>
    /// <paramref name="rounds"/> rounds of <paramref name="measure"/> at <paramref name="ranks"/> ranks, each round
    /// running every contender that can measure once in turn (and the floor first, if
    /// <paramref name="floorEachRound"/>). A contender that fails is not run again for this measure.
    /// </summary>
    private void RunMeasure(ProgressTask task, string measure, int ranks, int rounds, TimeSpan timeout, bool floorEachRound)
    {
        task.StartTask();
        var failed = new HashSet<SystemKind>();
        for (int round = 1; round <= rounds; round++)
        {
            if (floorEachRound)
            {
                task.Description = $"latency -n {ranks}: C floor, round {round}/{rounds}";
                RunFloor(task, "floor-round", round);
            }

            foreach (IContender contender in _contenders.Where(contender => contender.CanMeasure))
            {
                string step = $"{measure} -n {ranks}, round {round}/{rounds}";
                task.Description = $"{measure} -n {ranks}: {contender.Name}, round {round}/{rounds}";
                if (failed.Contains(contender.System))
                {
                    Advance(task);
                    continue;
                }

                if (!Record(ChildProcess.Run(contender.Measure(measure, ranks), _root, timeout), contender.System, round, step))
                {
                    failed.Add(contender.System);
                }

                Advance(task);
            }
        }

        task.Description = $"{measure} -n {ranks}";
    }

    /// <summary>
    /// The start of <see cref="ManyRanks"/> ranks that do nothing: one untimed start of each contender, then
    /// <see cref="StartRounds"/> interleaved rounds timed by the wall clock, from fork to the launcher's exit.
    /// </summary>
    private void RunStart(ProgressTask task)
    {
        task.StartTask();
        var failed = new HashSet<SystemKind>();
        for (int round = 0; round <= StartRounds; round++)
        {
            foreach (IContender contender in _contenders)
            {
                task.Description = round == 0
                    ? $"start of {ManyRanks} ranks: {contender.Name}, untimed first start"
                    : $"start of {ManyRanks} ranks: {contender.Name}, round {round}/{StartRounds}";
                if (failed.Contains(contender.System))
                {
                    Advance(task);
                    continue;
                }

                ChildResult result = ChildProcess.Run(contender.Start(ManyRanks), _root, s_manyTimeout);
                if (!result.Succeeded)
                {
                    failed.Add(contender.System);
                    _set.Fail(new Failure(contender.System, $"start -n {ManyRanks}, round {round}", result.Describe()));
                }
                else if (round > 0)
                {
                    _set.Add(new Sample(contender.System, "start", ManyRanks, round, result.Elapsed.TotalSeconds, "s"));
                }

                Advance(task);
            }
        }

        task.Description = $"start of {ManyRanks} ranks";
    }

    /// <summary>
    /// Latency and bandwidth between two metal isles, <see cref="MetalRounds"/> rounds each, alternating; the first
    /// run also publishes the job and builds the kernel (the job times itself, so that is not in the figures).
    /// </summary>
    private void RunOnMetal(ProgressTask task, HpcContender hpc)
    {
        task.StartTask();
        var failed = new HashSet<string>();
        for (int round = 1; round <= MetalRounds; round++)
        {
            foreach (string measure in (string[])["latency", "bandwidth"])
            {
                task.Description = $"{measure} -n 2, metal isles (TCG): round {round}/{MetalRounds}";
                if (failed.Contains(measure))
                {
                    Advance(task);
                    continue;
                }

                if (!Record(ChildProcess.Run(hpc.MeasureOnMetal(measure), _root, s_metalTimeout), SystemKind.HpcMetal, round, $"{measure} -n 2 on metal isles, round {round}"))
                {
                    failed.Add(measure);
                }

                Advance(task);
            }
        }

        task.Description = "latency, bandwidth -n 2, metal isles (TCG)";
    }

    /// <summary>
    /// Adds the result lines a measuring program printed as <paramref name="system"/>'s samples of
    /// <paramref name="round"/>; false, with a failure of <paramref name="step"/>, when it failed or printed none.
    /// </summary>
    private bool Record(ChildResult result, SystemKind system, int round, string step)
    {
        int found = 0;
        foreach (string text in result.Output)
        {
            if (ResultLine.TryParse(text, out ResultLine line) && line.Measure != "floor")
            {
                _set.Add(new Sample(system, line.Measure, line.Key, round, line.Value, UnitOf(line.Measure)));
                found++;
            }
        }

        if (result.Succeeded && found > 0)
        {
            return true;
        }

        _set.Fail(new Failure(system, step, result.Succeeded ? "printed no result lines" : result.Describe()));
        return false;
    }

    /// <summary>True when QEMU can be found on PATH (the metal rows need it).</summary>
    private static bool QemuInstalled =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(folder => File.Exists(Path.Combine(folder, "qemu-system-x86_64")));

    /// <summary>The unit of a result line's figure.</summary>
    private static string UnitOf(string measure) => measure switch
    {
        "bandwidth" => "MB/s",
        "overlap" => "%",
        _ => "µs",
    };

    /// <summary>Counts one step of <paramref name="task"/>, stopping it at its last.</summary>
    private static void Advance(ProgressTask task)
    {
        task.Increment(1);
        if (task.Value >= task.MaxValue)
        {
            task.StopTask();
        }
    }
}
