using Hpc.Hosted;
using Hpc.Isles;
using Hpc.Protocol;
using Hpc.Segment;

namespace Hpc.Isle;

/// <summary>
/// A hosted isle after confinement: maps the segment, routes the console, starts one thread per rank placed on
/// this isle, waits for them and exits. Everything it reports goes through the segment to the proxy.
/// </summary>
internal sealed unsafe class IsleHost
{
    /// <summary>What the proxy asked for.</summary>
    private readonly IsleLaunchSpec _spec;
    /// <summary>The mapped segment.</summary>
    private readonly SharedMapping _mapping;
    /// <summary>The segment seen through its layout.</summary>
    private readonly SegmentView _segment;
    /// <summary>The isle's own connection (notices, output of threads outside any rank).</summary>
    private readonly ProxyConnection _isleConnection;
    /// <summary>The isle's ranks.</summary>
    private readonly List<RankContext> _ranks = [];
    /// <summary>
    /// The segment's descriptor that rank processes inherit (<c>--aot</c>), opened before the isle counts as attached
    /// (the proxy then removes the file's name); -1 for an isle that runs its ranks itself.
    /// </summary>
    private readonly int _inheritedSegment = -1;
    /// <summary>Set once every rank has returned: a process exit after that is the isle's normal end.</summary>
    private volatile bool _ranksDone;
    /// <summary>The process status of the first rank that failed, 0 while none has.</summary>
    private int _firstFailure;

    /// <summary>Maps and checks the segment named in <paramref name="spec"/>.</summary>
    public IsleHost(IsleLaunchSpec spec)
    {
        _spec = spec;
        _mapping = SharedMapping.Open(spec.SegmentPath);
        if (!SegmentView.TryAttach(_mapping.Pointer, _mapping.Size, out _segment) || spec.Isle >= _segment.Layout.IsleCount)
        {
            throw new InvalidOperationException($"{spec.SegmentPath} is not a segment of this version of Hpc");
        }

        _isleConnection = new ProxyConnection(_segment, _segment.IsleRing(spec.Isle), null, null);
        if (spec.AotRanks)
        {
            _inheritedSegment = SharedMapping.OpenInheritable(spec.SegmentPath);
        }
    }

    /// <summary>
    /// Runs the isle's ranks to their end and returns the isle's exit status: that of its first rank to fail, else 0.
    /// The proxy believes this status (the kernel reports it) above any record in the segment, which other isles
    /// can write too.
    /// </summary>
    public int Run(string? notice)
    {
        IsleSlot* slot = _segment.Isle(_spec.Isle);
        slot->ProcessId = Environment.ProcessId;
        Volatile.Write(ref slot->State, 1);
        // The proxy unlinks the segment file once every isle has mapped it: nothing is left in /dev/shm even if the
        // proxy itself is killed later.
        Interlocked.Increment(ref _segment.Header->AttachedIsles);
        if (notice is not null)
        {
            _isleConnection.PostText(ProxyOp.IsleNotice, notice);
        }

        var fallback = new RankConsoleBuffer(_isleConnection, ProxyOp.Stdout);
        var fallbackError = new RankConsoleBuffer(_isleConnection, ProxyOp.Stderr);
        ConsoleWriters.Install(new RankConsoleWriter(error: false, fallback), new RankConsoleWriter(error: true, fallbackError));
        ConsoleWriters.InstallInput(new RankInputReader());
        AppDomain.CurrentDomain.UnhandledException += (_, e) => OnUnhandledException(e);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => OnProcessExit();

        var runners = new List<IRankRunner>();
        // Across nodes every message passes this node's proxy: a core polling for one would take the cpu the proxy
        // needs to deliver it, so idle cores park instead. Rank processes are scheduled by Linux, not by the isle.
        var idle = _segment.Header->NodeCount > 1 ? Scheduling.IdlePolicy.Park : Scheduling.IdlePolicy.Poll;
        var scheduler = _spec.AotRanks ? null : new Scheduling.IsleScheduler(_spec.Cpus, idle);
        int size = _segment.Layout.RankCount;
        for (int rank = 0; rank < size; rank++)
        {
            RankSlot* rankSlot = _segment.Rank(rank);
            if (rankSlot->Isle != _spec.Isle)
            {
                continue;
            }

            var connection = new ProxyConnection(_segment, _segment.RankRing(rank), _segment.Reply(rank), _segment.Doorbell(rank));
            var context = new RankContext(rank, size, _spec.Isle, _segment.Layout.IsleCount, rankSlot->Cpu, connection, _segment)
            {
                Cores = RankCores(rankSlot->Cpu, rankSlot->CoreCount),
            };
            _ranks.Add(context);
            runners.Add(scheduler is null
                ? new RankProcessRunner(context, _spec.JobPath, _spec.JobArgs, _inheritedSegment, RankEnded)
                : new RankRunner(context, scheduler.Register(rank, rankSlot->Cpu, _segment.Doorbell(rank)), _spec.JobPath, _spec.JobArgs, RankEnded));
        }

        RankVariables.Set(_ranks.Count == 1 && scheduler is not null ? _ranks[0] : null, size);
        foreach (IRankRunner runner in runners)
        {
            runner.Start();
        }

        Quiet.QuietIsle.ApplyAfterRanksStarted(); // hermit-run --quiet: runtime threads off the compute cores

        foreach (IRankRunner runner in runners)
        {
            runner.Join();
        }

        _ranksDone = true;
        fallback.Flush();
        fallbackError.Flush();

        // In its own pid namespace the isle sees exactly the processes its job started.
        string? leftovers = _spec.OwnNamespaces ? LeftoverProcesses.Describe() : null;
        if (leftovers is not null)
        {
            _isleConnection.PostText(ProxyOp.IsleLeftovers, leftovers);
        }

        Volatile.Write(ref slot->State, 2);
        int failure = Volatile.Read(ref _firstFailure);
        return failure != 0 ? failure : leftovers is null ? 0 : 1;
    }

    /// <summary>Keeps the first failed rank's status, as a process status that is never 0 (256 is a failure too).</summary>
    private void RankEnded(int exitCode)
    {
        if (exitCode != 0)
        {
            _ = Interlocked.CompareExchange(ref _firstFailure, (exitCode & 0xFF) == 0 ? 1 : exitCode & 0xFF, 0);
        }
    }

    /// <summary>
    /// The cores of a rank (hermit-run --threads): its cpu and the next <paramref name="count"/> - 1 cpus of the
    /// isle's list, wrapping around. The rank thread keeps its cpu under the isle scheduler; the others are for the
    /// rank's own threads (an Hpc.OpenMp team), which the scheduler never runs or parks.
    /// </summary>
    private int[] RankCores(int cpu, int count)
    {
        int[] cpus = _spec.Cpus;
        int first = Array.IndexOf(cpus, cpu);
        if (first < 0)
        {
            return [cpu];
        }

        return [.. Enumerable.Range(0, Math.Clamp(count, 1, cpus.Length)).Select(k => cpus[(first + k) % cpus.Length])];
    }

    /// <summary>
    /// An exception escaped a thread (the runtime ends the isle next): report it as the rank's failure when the
    /// thread still carries the rank's context, else as the isle's.
    /// </summary>
    private void OnUnhandledException(UnhandledExceptionEventArgs e)
    {
        string description = e.ExceptionObject is Exception exception ? RankRunner.Describe(exception) : $"{e.ExceptionObject}";
        RankContext? rank = RankContext.Current;
        foreach (RankContext each in _ranks)
        {
            each.FlushConsole();
        }

        if (rank is not null)
        {
            IsleReports.RankExit(rank, 1, RankExitKind.Exception, description);
        }
        else
        {
            IsleReports.ThreadFailure(_isleConnection, description);
        }
    }

    /// <summary>
    /// The process is exiting before its ranks are done: a rank called Environment.Exit, which ends the whole isle.
    /// The handler runs on another thread than the caller's, so the rank cannot be named; the proxy names it when
    /// it was the isle's last running rank.
    /// </summary>
    private void OnProcessExit()
    {
        if (_ranksDone)
        {
            return;
        }

        foreach (RankContext rank in _ranks)
        {
            rank.FlushConsole();
        }

        IsleReports.EnvironmentExit(_isleConnection, Environment.ExitCode);
    }
}
