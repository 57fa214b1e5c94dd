using Hpc.Proxy.Mpich;
using Hpc.Tests.Tools.NodeLinkProbe;

// NodeLinkProbe exchange|stop|kill|measure|environment|late|linger|allocation — run under mpiexec; see each scenario's class.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: NodeLinkProbe exchange|stop|kill|measure|environment|late|linger|allocation");
    return 2;
}

if (args[0] == "allocation")
{
    Allocations.Activate();
}

var options = new NodeLinkOptions
{
    OnArrival = Echo.OnArrival,
    OnInline = Allocations.OnInline,
    ReceiveBuffer = (node, tag, length) => Measures.ReceiveBuffer(length) ?? Exchange.ReceiveBuffer(node, tag, length),
    // The failure scenarios want a report well within the tests' patience.
    HeartbeatInterval = TimeSpan.FromMilliseconds(200),
    FailureTimeout = TimeSpan.FromSeconds(Setting("PROBE_FAILURE_SECONDS", 3)),
    SpinTime = TimeSpan.FromMilliseconds(Setting("PROBE_SPIN_MS", new NodeLinkOptions().SpinTime.TotalMilliseconds)),
    TransferSpinTime = TimeSpan.FromMilliseconds(Setting("PROBE_SPIN_MS", new NodeLinkOptions().TransferSpinTime.TotalMilliseconds)),
};
NodeLink link = NodeLink.Start(options);
int code = args[0] switch
{
    "exchange" => Exchange.Run(link),
    "stop" => Failures.Run(link, "stop"),
    "kill" => Failures.Run(link, "kill"),
    "measure" => Measures.Run(link),
    "environment" => EnvironmentReport.Run(link),
    "allocation" => Allocations.Run(link),
    // Node 1 leaves twice the failure timeout after the others, which wait for it in the closing barrier.
    "late" => LateLeave(link, options.FailureTimeout * 2),
    "linger" => 0,
    _ => 2,
};
if (code == 0)
{
    bool clean = link.Leave(TimeSpan.FromSeconds(30));
    if (args[0] == "linger" && link.Node == 1)
    {
        // Node 1 is still busy a second after leaving, as a proxy finishing its duties is; node 0 exits meanwhile.
        Thread.Sleep(1000);
    }

    Console.WriteLine($"left node {link.Node} {(clean ? "clean" : "timed out")}");
    if (Environment.GetEnvironmentVariable("PROBE_MARK_DIR") is { } marks)
    {
        File.WriteAllText(Path.Combine(marks, $"left.{link.Node}"), clean ? "clean" : "timed out");
    }
}

Console.Out.Flush();
return code;

// Sleeps on node 1 only, then succeeds.
static int LateLeave(NodeLink link, TimeSpan delay)
{
    if (link.Node == 1)
    {
        Thread.Sleep(delay);
    }

    return 0;
}

// A number from the environment (for experiments by hand), or the fallback.
static double Setting(string name, double fallback) =>
    double.TryParse(Environment.GetEnvironmentVariable(name), System.Globalization.CultureInfo.InvariantCulture, out double value) ? value : fallback;
