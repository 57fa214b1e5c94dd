using Hpc.Proxy.Placement;

namespace Hpc.Proxy.Serving;

/// <summary>
/// The proxy's record of how the job is going: which ranks ended and how, which isles are gone, and the first
/// failure, which decides the job's exit status and the one line that explains it. Records in the segment are claims
/// of untrusted code: the real exit status of an isle's process, from the kernel, is the truth. A record may end
/// the job early (a rank failed), but never make it succeed: an isle that exited non-zero or was killed fails the
/// job with its status whatever its records said, and a rank that reports its end twice fails it too.
/// </summary>
internal sealed class JobLedger
{
    /// <summary>Where each rank and isle runs, for messages.</summary>
    private readonly JobPlan _plan;
    /// <summary>Exit status per rank, null while it runs.</summary>
    private readonly int?[] _rankExit;
    /// <summary>True once an isle's process is gone.</summary>
    private readonly bool[] _isleGone;
    /// <summary>Status passed to Environment.Exit in each isle, or null.</summary>
    private readonly int?[] _environmentExit;
    /// <summary>Ranks not yet ended.</summary>
    private int _running;

    /// <summary>Starts with every rank running.</summary>
    public JobLedger(JobPlan plan)
    {
        _plan = plan;
        _rankExit = new int?[plan.Ranks.Count];
        _isleGone = new bool[plan.Isles.Count];
        _environmentExit = new int?[plan.Isles.Count];
        _running = plan.Ranks.Count(r => r.IsLocal);
    }

    /// <summary>The first failure, once there is one.</summary>
    public JobFailure? Failure { get; private set; }

    /// <summary>True when every rank ended successfully and every isle is gone.</summary>
    public bool Succeeded => Failure is null && _running == 0 && Array.TrueForAll(_isleGone, gone => gone);

    /// <summary>True when the job is over, one way or the other.</summary>
    public bool IsOver => Failure is not null || Succeeded;

    /// <summary>True once rank <paramref name="rank"/>'s end is recorded (returned, failed, or gone with its isle).</summary>
    public bool HasEnded(int rank) => _rankExit[rank] is not null;

    /// <summary>Rank <paramref name="rank"/> ended with <paramref name="exitCode"/>; a failure message if it failed.</summary>
    public void RankEnded(int rank, int exitCode, string? failure)
    {
        if (_rankExit[rank] is not null)
        {
            return;
        }

        _rankExit[rank] = exitCode;
        _running--;
        if (failure is not null || exitCode != 0)
        {
            Fail(exitCode == 0 ? 1 : exitCode, $"{Where(rank)} {failure ?? $"exited with status {exitCode}"}");
        }
    }

    /// <summary>
    /// A second exit record for rank <paramref name="rank"/>, saying <paramref name="exitCode"/>: another isle wrote
    /// into its ring (or its isle is broken). The job fails with the worse of the two statuses.
    /// </summary>
    public void ExitReportedTwice(int rank, int exitCode)
    {
        int first = _rankExit[rank] ?? 0;
        int status = first != 0 ? first : exitCode != 0 ? exitCode : 1;
        Fail(status, $"{Where(rank)} reported its end twice (status {first}, then {exitCode}): its ring was written by someone else; ending the job");
    }

    /// <summary>
    /// A rank of isle <paramref name="isle"/> called Environment.Exit(<paramref name="status"/>); false when the isle
    /// already said so (a record can only be believed once).
    /// </summary>
    public bool EnvironmentExit(int isle, int status)
    {
        if (_environmentExit[isle] is not null)
        {
            return false;
        }

        _environmentExit[isle] = status;
        return true;
    }

    /// <summary>An exception escaped a thread of isle <paramref name="isle"/> that no longer carried its rank.</summary>
    public void ThreadFailed(int isle, string description)
    {
        IslePlan plan = _plan.Isles[isle];
        Fail(1, $"a thread started by rank {RankList([.. plan.Ranks])} of isle {isle} (cpus {plan.Cpus}) failed: {description}");
    }

    /// <summary>Isle <paramref name="isle"/> found processes of the job still running after its ranks returned.</summary>
    public void ProcessesLeft(int isle, string description)
    {
        IslePlan plan = _plan.Isles[isle];
        string text = description.Length > 200 ? description[..200] + "..." : description;
        Fail(1, $"isle {isle} (cpus {plan.Cpus}): the job left {text} running after its ranks returned; they were killed with the isle");
    }

    /// <summary>
    /// Isle <paramref name="isle"/>'s process is gone with <paramref name="status"/> (128 + n when killed by signal
    /// n), its rings drained first. That status is the truth; the isle's records only name the cause when they agree
    /// with it (a hosted isle exits with its first failed rank's status, or with what Environment.Exit was given).
    /// </summary>
    public void IsleGone(int isle, int processId, int status)
    {
        _isleGone[isle] = true;
        IslePlan plan = _plan.Isles[isle];
        List<int> unfinished = plan.Ranks.Where(r => _rankExit[r] is null).ToList();
        if (unfinished.Count == 0 && status == 0)
        {
            return;
        }

        string who = $"isle {isle} (pid {processId}, cpus {plan.Cpus})";
        string running = unfinished.Count == 0 ? "" : $" while rank{(unfinished.Count > 1 ? "s" : "")} {RankList(unfinished)} {(unfinished.Count > 1 ? "were" : "was")} still running";
        if (_environmentExit[isle] is int exitStatus && ProcessStatus(exitStatus) == status)
        {
            // Environment.Exit in the isle's last running rank is just that rank's exit.
            if (unfinished.Count == 1)
            {
                RankEnded(unfinished[0], exitStatus, null);
                return;
            }

            MarkEnded(unfinished, exitStatus);
            Fail(exitStatus == 0 ? 1 : exitStatus, $"a rank of {who} called Environment.Exit({exitStatus}), which ended the isle{running}");
            return;
        }

        MarkEnded(unfinished, status == 0 ? 1 : status);
        string how = status > 128 ? $"was killed by signal {status - 128} ({SignalName(status - 128)})" : $"exited with status {status}";
        string claims = _environmentExit[isle] is int claimed ? $", although it reported Environment.Exit({claimed})"
            : unfinished.Count == 0 ? ", although its ranks reported success" : "";
        Fail(status == 0 ? 1 : status, $"{who} {how}{running}{claims}");
    }

    /// <summary>Records ranks as ended with <paramref name="status"/> (their isle is gone).</summary>
    private void MarkEnded(List<int> ranks, int status)
    {
        foreach (int rank in ranks)
        {
            _rankExit[rank] = status;
            _running--;
        }
    }

    /// <summary>
    /// The job failed (a rank, an isle, or a reason outside any: corrupt ring, timeout, signal, start failure); the
    /// first failure stays. Its status is made a process status that is never 0 (a rank's 256 must not read as success).
    /// </summary>
    public void Fail(int status, string message) => Failure ??= new JobFailure(ProcessStatus(status) == 0 ? 1 : ProcessStatus(status), message);

    /// <summary>What a process exit status of <paramref name="status"/> becomes (its low byte).</summary>
    private static int ProcessStatus(int status) => status & 0xFF;

    /// <summary>Ranks still running, as a compact list ("0-3,7").</summary>
    public string RunningRanks => RankList(Enumerable.Range(0, _rankExit.Length).Where(r => _rankExit[r] is null && _plan.Ranks[r].IsLocal).ToList());

    /// <summary>The isle hosting <paramref name="rank"/> (from the plan, never from the segment).</summary>
    public int IsleOf(int rank) => _plan.Ranks[rank].Isle;

    /// <summary>"rank 3 (isle 0, cpu 1)".</summary>
    public string Where(int rank)
    {
        RankPlan plan = _plan.Ranks[rank];
        return $"rank {rank} (isle {plan.Isle}, cpu {plan.Cpu})";
    }

    /// <summary>Compact rank list: consecutive ranks become ranges.</summary>
    private static string RankList(List<int> ranks) => Cluster.CpuSet.Of(ranks).ToString();

    /// <summary>Name of a common signal.</summary>
    public static string SignalName(int signal) => signal switch
    {
        2 => "SIGINT",
        6 => "SIGABRT",
        9 => "SIGKILL",
        7 => "SIGBUS",
        8 => "SIGFPE",
        11 => "SIGSEGV",
        15 => "SIGTERM",
        _ => $"signal {signal}",
    };
}
