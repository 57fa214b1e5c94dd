namespace Hpc.Proxy.Tests.Mpich;

/// <summary>
/// A small message between nodes costs the link's MPI thread no allocation: tests/tools/NodeLinkProbe's allocation
/// scenario under <c>mpiexec -launcher fork -n 2</c>, forced over TCP as between machines. Skipped when mpiexec is
/// missing.
/// </summary>
[TestFixture]
[Category("Mpich")]
[NonParallelizable]
public sealed class NodeLinkAllocationTests
{
    /// <summary>
    /// 20,000 8-byte messages each way, taken from the receive buffer and answered through the pooled send path:
    /// each MPI thread allocates less than a byte per message (one-off costs such as a heartbeat's first run aside,
    /// nothing per message).
    /// </summary>
    [Test]
    public void SmallMessages_TakenAndAnsweredOnTheLinkThread_AllocateNothingPerMessage()
    {
        MpiexecRun run = MpiexecRun.Start(2, "allocation", "tcp,self", waitForAll: true);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        IReadOnlyList<string> reports = run.LinesStarting("allocation node ");
        Assert.That(reports, Has.Count.EqualTo(2), run.ToString());
        foreach (string report in reports)
        {
            string[] words = report.Split(' ');
            long bytes = long.Parse(words[4], System.Globalization.CultureInfo.InvariantCulture);
            long messages = long.Parse(words[6], System.Globalization.CultureInfo.InvariantCulture);
            Assert.That(bytes, Is.InRange(0, messages - 1), report);
        }
    }
}
