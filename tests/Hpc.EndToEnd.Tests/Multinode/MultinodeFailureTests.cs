using System.Diagnostics;

namespace Hpc.EndToEnd.Tests.Multinode;

/// <summary>
/// A failure anywhere ends the job on every node: the status is kept, one line names the node, rank and cause, and
/// nothing is left on any node (processes, isles, segments).
/// </summary>
[TestFixture]
[Category("Multinode")]
public sealed class MultinodeFailureTests
{
    [Test]
    public void Throw_RankOnSecondNode_NamesNodeAndRankEndsAll()
    {
        RunResult run = NamespaceCluster.Run(["-n", "6", HermitRun.TestJob, "throw", "3"]);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stderr, Does.Contain($"hermit-run: node {NamespaceCluster.Nodes[1]}: rank 3 (isle 0, cpu ").And.Contains("boom from rank 3"), run.ToString());
        Assert.That(run.Stderr, Does.Not.Contain("BAD TERMINATION").And.Not.Contain("[mpiexec@"), "hydra's noise is not shown");
        NamespaceCluster.AssertNothingLeft(run);
    }

    [Test]
    public void Exit_RankOnLastNode_JobReturnsItsStatus()
    {
        RunResult run = NamespaceCluster.Run(["-n", "6", HermitRun.TestJob, "exit", "7", "5"]);

        Assert.That(run.ExitCode, Is.EqualTo(7), run.ToString());
        Assert.That(run.Stderr, Does.Contain($"node {NamespaceCluster.Nodes[2]}: rank 5 (isle 0, cpu ").And.Contains("exited with status 7"), run.ToString());
        NamespaceCluster.AssertNothingLeft(run);
    }

    [Test]
    public void KillIsle_OnAnotherNode_NamesNodeIsleAndRanks()
    {
        RunResult run = NamespaceCluster.Run(["-n", "6", HermitRun.TestJob, "kill", "4"]);

        Assert.That(run.ExitCode, Is.EqualTo(137), run.ToString());
        Assert.That(run.Stderr, Does.Contain($"node {NamespaceCluster.Nodes[2]}: isle 0 (pid ").And.Contains("killed by signal 9 (SIGKILL)"), run.ToString());
        NamespaceCluster.AssertNothingLeft(run);
    }

    [TestCase(1, "hermit-run.dll --per-node", "its per-node proxy")]
    [TestCase(2, "hydra_pmi_proxy", "mpiexec ended")]
    [TestCase(2, "Hpc.Isle.dll", "killed by signal 9")]
    public void KillMinus9_WhileRanksRun_EndsEverythingNamed(int node, string process, string named)
    {
        string target = NamespaceCluster.Nodes[node];
        RunResult run = NamespaceCluster.Run(["-n", "6", HermitRun.TestJob, "sleep"], whileRunning: hermitRun => KillWhenAllSleep(hermitRun, target, process));

        Assert.That(run.ExitCode, Is.Not.Zero, run.ToString());
        Assert.That(run.Stderr, Does.Contain(named), run.ToString());
        if (process != "hydra_pmi_proxy")
        {
            // hydra does not say which node lost its proxy; for the others the node is named.
            Assert.That(run.Stderr, Does.Contain($"node {target}"), run.ToString());
        }

        NamespaceCluster.AssertNothingLeft(run);
    }

    /// <summary>Waits until every rank announced it sleeps (on stderr, read by the runner), then kills the process.</summary>
    private static void KillWhenAllSleep(Process hermitRun, string node, string process)
    {
        // Every rank runs once all three nodes' isles exist; the isles appear only after their per-node proxies.
        int pid = 0;
        for (int attempt = 0; attempt < 600 && pid == 0 && !hermitRun.HasExited; attempt++)
        {
            Thread.Sleep(100);
            if (NamespaceCluster.Nodes.All(n => NamespaceCluster.FindOn(n, "Hpc.Isle.dll") != 0))
            {
                pid = NamespaceCluster.FindOn(node, process);
            }
        }

        Assert.That(pid, Is.Not.Zero, $"no {process} on {node}");
        Process.GetProcessById(pid).Kill();
    }
}
