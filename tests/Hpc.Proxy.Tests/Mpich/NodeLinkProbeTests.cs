namespace Hpc.Proxy.Tests.Mpich;

/// <summary>
/// NodeLink between real MPI processes: tests/tools/NodeLinkProbe under <c>mpiexec -launcher fork -n 3</c> on this
/// machine, through UCX's shared memory and once forced over TCP. Skipped when mpiexec is missing.
/// </summary>
[TestFixture]
[Category("Mpich")]
[NonParallelizable]
public sealed class NodeLinkProbeTests
{
    /// <summary>Every pair (self included) exchanges 0 B to 64 MiB on two tags; content and per-(node, tag) order hold.</summary>
    [TestCase(null, TestName = "Exchange_ThreeNodesSharedMemory_EveryMessageIntactAndInOrder")]
    [TestCase("tcp,self", TestName = "Exchange_ThreeNodesOverTcp_EveryMessageIntactAndInOrder")]
    public void Exchange(string? ucxTransports)
    {
        MpiexecRun run = MpiexecRun.Start(3, "exchange", ucxTransports, waitForAll: true);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.LinesStarting("exchange ok node "), Has.Count.EqualTo(3), run.ToString());
        Assert.That(run.LinesStarting("exchange FAILED"), Is.Empty, run.ToString());
        Assert.That(run.LinesStarting("left node "), Has.Exactly(3).EndsWith(" clean"), run.ToString());
    }

    /// <summary>A node that leaves twice the failure timeout after the others is waited for, not reported failed.</summary>
    [Test]
    public void Leave_OneNodeLate_EveryNodeLeavesCleanly()
    {
        MpiexecRun run = MpiexecRun.Start(3, "late", waitForAll: true);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.LinesStarting("left node "), Has.Exactly(3).EndsWith(" clean"), run.ToString());
    }

    /// <summary>
    /// A node that left cleanly ends its PMI connection, so hydra (auto-cleanup on) takes its exit for a normal one:
    /// node 1, still busy after leaving when node 0 exits, is not killed. Without that hydra killed it, and it could
    /// keep a stand-in status 1 for a node that exited 0, which mpiexec reports as "Hangup (signal 1)" and exit 1.
    /// </summary>
    [Test]
    public void Leave_OneNodeBusyAfterLeaving_IsNotKilledAndTheJobEndsWell()
    {
        MpiexecRun run = MpiexecRun.Start(2, "linger");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.LinesStarting("left node "), Has.Exactly(2).EndsWith(" clean"), run.ToString());
    }

    /// <summary>
    /// A node whose proxy stops (SIGSTOP) is named by the others instead of a hang. The first survivor to report
    /// exits 3, and hydra then kills the rest, so one or two reports arrive; each must name node 2.
    /// </summary>
    [Test]
    public void Failure_OneNodeStopped_OthersReportThatNode()
    {
        MpiexecRun run = MpiexecRun.Start(3, "stop");

        IReadOnlyList<string> reports = run.LinesStarting("failure ");
        Assert.That(reports, Has.Count.InRange(1, 2), run.ToString());
        Assert.That(reports, Has.All.StartsWith("failure node 2 after "), run.ToString());
        Assert.That(run.ExitCode, Is.Not.Zero, run.ToString());
    }

    /// <summary>A node killed outright ends the whole job (hydra reaps the others) rather than leaving it hanging.</summary>
    [Test]
    public void Failure_OneNodeKilled_JobEndsWithError()
    {
        MpiexecRun run = MpiexecRun.Start(3, "kill");

        Assert.That(run.LinesStarting("victim node 2 pid "), Has.Count.EqualTo(1), run.ToString());
        Assert.That(run.ExitCode, Is.Not.Zero, run.ToString());
        Assert.That(run.LinesStarting("left node "), Is.Empty, run.ToString());
    }

    /// <summary>
    /// A child started with a scrubbed environment after NodeLink.Start inherits no launcher state. Over TCP UCX opens
    /// sockets per peer as it is first reached: those too must be close-on-exec by then. The probe names every
    /// descriptor the child got (its /proc/self/fd target) in the output the failure shows.
    /// </summary>
    [TestCase(null, TestName = "Environment_ChildOfLinkedProxy_InheritsNoLauncherVariablesOrDescriptors")]
    [TestCase("tcp,self", TestName = "Environment_ChildOfLinkedProxyOverTcp_InheritsNoLauncherVariablesOrDescriptors")]
    public void Environment(string? ucxTransports)
    {
        MpiexecRun run = MpiexecRun.Start(2, "environment", ucxTransports, waitForAll: true);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.LinesStarting("node 0 removed ").Single(), Is.Not.EqualTo("node 0 removed 0"), run.ToString());
        Assert.That(run.Lines, Has.Exactly(2).Contains(" child variables "), run.ToString());
        Assert.That(run.Lines, Has.Exactly(2).EndsWith(" child variables 0"), run.ToString());
        Assert.That(run.Lines, Has.Exactly(2).Contains(" child descriptors "), run.ToString());
        Assert.That(run.Lines, Has.Exactly(2).EndsWith(" child descriptors 0"), run.ToString());
    }
}
