using Hpc.Proxy.Cluster;
using Hpc.Proxy.Placement;
using Hpc.Proxy.Serving;

namespace Hpc.Proxy.Tests.Serving;

/// <summary>
/// The ledger believes the kernel: an isle's real exit status decides whether the job can succeed, and records from
/// the segment (which any isle can write) only name the cause when they agree with it.
/// </summary>
[TestFixture]
public sealed class JobLedgerTests
{
    private JobLedger _ledger = null!;

    [SetUp]
    public void SetUp()
    {
        // Two isles of one rank each.
        IslePlan[] isles = [new(0, CpuSet.Parse("0"), null, IsleTarget.Process, [0]), new(1, CpuSet.Parse("1"), null, IsleTarget.Process, [1])];
        _ledger = new JobLedger(new JobPlan(isles, [new RankPlan(0, 0, 0), new RankPlan(1, 1, 1)]));
    }

    [Test]
    public void IsleGone_AllRecordsAndStatusesZero_Succeeds()
    {
        _ledger.RankEnded(0, 0, null);
        _ledger.RankEnded(1, 0, null);
        _ledger.IsleGone(0, 100, 0);
        _ledger.IsleGone(1, 101, 0);

        Assert.That(_ledger.Succeeded, Is.True);
    }

    [Test]
    public void IsleGone_NonZeroAfterItsRanksReportedSuccess_FailsWithTheIslesStatus()
    {
        _ledger.RankEnded(0, 0, null);
        _ledger.RankEnded(1, 0, null); // forged by isle 0
        _ledger.IsleGone(0, 100, 0);
        _ledger.IsleGone(1, 101, 7);

        Assert.That(_ledger.Succeeded, Is.False);
        Assert.That(_ledger.Failure?.Status, Is.EqualTo(7));
        Assert.That(_ledger.Failure?.Message, Is.EqualTo("isle 1 (pid 101, cpus 1) exited with status 7, although its ranks reported success"));
    }

    [Test]
    public void IsleGone_KilledAfterAForgedEnvironmentExitZero_FailsWithTheSignal()
    {
        Assert.That(_ledger.EnvironmentExit(1, 0), Is.True);
        _ledger.RankEnded(0, 0, null);
        _ledger.IsleGone(0, 100, 0);
        _ledger.IsleGone(1, 101, 137);

        Assert.That(_ledger.Failure?.Status, Is.EqualTo(137));
        Assert.That(_ledger.Failure?.Message, Does.Contain("was killed by signal 9 (SIGKILL) while rank 1 was still running, although it reported Environment.Exit(0)"));
    }

    [TestCase(0)]
    [TestCase(3)]
    public void IsleGone_EnvironmentExitAgreeingWithTheStatus_IsThatRanksExit(int status)
    {
        Assert.That(_ledger.EnvironmentExit(1, status), Is.True);
        _ledger.IsleGone(1, 101, status);

        Assert.That(_ledger.HasEnded(1), Is.True);
        Assert.That(_ledger.Failure?.Status, Is.EqualTo(status == 0 ? null : status));
    }

    [Test]
    public void EnvironmentExit_Twice_SecondIsRefused()
    {
        Assert.That(_ledger.EnvironmentExit(1, 0), Is.True);
        Assert.That(_ledger.EnvironmentExit(1, 0), Is.False);
    }

    [TestCase(256, 1)]
    [TestCase(-1, 255)]
    [TestCase(263, 7)]
    public void RankEnded_StatusOutsideAByte_JobStatusIsItsNonZeroLowByte(int exitCode, int expected)
    {
        _ledger.RankEnded(0, exitCode, null);

        Assert.That(_ledger.Failure?.Status, Is.EqualTo(expected));
        Assert.That(_ledger.Failure?.Message, Does.EndWith($"exited with status {exitCode}"));
    }

    [Test]
    public void ExitReportedTwice_FirstSaidSuccess_TheFailingOneCounts()
    {
        _ledger.RankEnded(1, 0, null);
        _ledger.ExitReportedTwice(1, 9);

        Assert.That(_ledger.Failure?.Status, Is.EqualTo(9));
    }
}
