using System.Text;
using Hpc.Proxy.Multinode;

namespace Hpc.Proxy.Tests.Multinode;

/// <summary>What the first node makes of mpiexec's output: job lines pass, reports and hydra's noise are taken out.</summary>
[TestFixture]
public sealed class HydraOutputTests
{
    [Test]
    public void Pump_MixedOutput_PassesJobLinesAndTakesReports()
    {
        var failures = new List<NodeReport>();
        var output = new HydraOutput(failures.Add);
        string text = "[0] hello\n" + new NodeReport(1, 0).ToLine() + "\n[1] blank line above\n" + new NodeReport(2, 7).ToLine()
            + "\n===================\n=   BAD TERMINATION OF ONE OF YOUR APPLICATION PROCESSES\n=   PID 42 RUNNING AT nodeB\n=   EXIT CODE: 9\n"
            + "[proxy:0:1@nodeB] main (pm/pmiserv/pmip.c:169): demux engine error\nlast";
        var target = new MemoryStream();

        output.Pump(new MemoryStream(Encoding.UTF8.GetBytes(text)), target);

        Assert.That(Encoding.UTF8.GetString(target.ToArray()), Is.EqualTo("[0] hello\n\n[1] blank line above\nlast"));
        Assert.That(output.Reports, Is.EqualTo(new[] { new NodeReport(1, 0), new NodeReport(2, 7) }));
        Assert.That(failures, Is.EqualTo(new[] { new NodeReport(2, 7) }));
        Assert.That(output.BadTermination(), Is.EqualTo(("nodeB", 42, 9)));
    }

    [Test]
    public void TryParse_OtherLine_IsNotAReport()
    {
        Assert.That(NodeReport.TryParse("hpc-node 1 0", out _), Is.False);
        Assert.That(NodeReport.TryParse(new NodeReport(3, 137).ToLine().TrimEnd('\n'), out NodeReport report), Is.True);
        Assert.That(report, Is.EqualTo(new NodeReport(3, 137)));
    }
}
