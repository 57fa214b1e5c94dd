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
    public void Pump_NodeUpLines_CompleteAllStartedOnceEveryNodeSaidSo()
    {
        var output = new HydraOutput(_ => { }, nodeCount: 2);
        var target = new MemoryStream();

        output.Pump(new MemoryStream(Encoding.UTF8.GetBytes(NodeUp.Line(1) + "[1] hi\n" + NodeUp.Line(1))), target);
        Assert.That(output.AllStarted.IsCompleted, Is.False);
        output.Pump(new MemoryStream(Encoding.UTF8.GetBytes(NodeUp.Line(0))), target);

        Assert.That(output.AllStarted.IsCompleted, Is.True);
        Assert.That(output.Started, Is.EquivalentTo(new[] { 0, 1 }));
        Assert.That(Encoding.UTF8.GetString(target.ToArray()), Is.EqualTo("[1] hi\n"));
    }

    [Test]
    public void Pump_SshComplaintWhileStarting_KeptAsDiagnostic()
    {
        var output = new HydraOutput(_ => { }, nodeCount: 2);
        var target = new MemoryStream();
        const string Complaint = "ssh: Could not resolve hostname no-such-host.invalid: Name or service not known";

        output.Pump(new MemoryStream(Encoding.UTF8.GetBytes(NodeUp.Line(0) + Complaint + "\n")), target);

        Assert.That(target.Length, Is.Zero);
        Assert.That(output.Diagnostics, Is.EqualTo(new[] { Complaint }));
    }

    [Test]
    public void Pump_SshLineOnceAllStarted_IsTheJobs()
    {
        var output = new HydraOutput(_ => { }, nodeCount: 1);
        var target = new MemoryStream();

        output.Pump(new MemoryStream(Encoding.UTF8.GetBytes(NodeUp.Line(0) + "ssh: a job's own line\n")), target);

        Assert.That(Encoding.UTF8.GetString(target.ToArray()), Is.EqualTo("ssh: a job's own line\n"));
    }

    [Test]
    public void TryParse_OtherLine_IsNotAReport()
    {
        Assert.That(NodeReport.TryParse("hpc-node 1 0", out _), Is.False);
        Assert.That(NodeReport.TryParse(new NodeReport(3, 137).ToLine().TrimEnd('\n'), out NodeReport report), Is.True);
        Assert.That(report, Is.EqualTo(new NodeReport(3, 137)));
    }
}
