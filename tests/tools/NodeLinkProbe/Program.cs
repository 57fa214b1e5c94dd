using Hpc.Proxy.Mpich;
using Hpc.Tests.Tools.NodeLinkProbe;

// NodeLinkProbe exchange|stop|kill|measure|environment — run under mpiexec; see each scenario's class.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: NodeLinkProbe exchange|stop|kill|measure|environment");
    return 2;
}

var options = new NodeLinkOptions
{
    OnArrival = Echo.OnArrival,
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
    _ => 2,
};
if (code == 0)
{
    bool clean = link.Leave(TimeSpan.FromSeconds(30));
    Console.WriteLine($"left node {link.Node} {(clean ? "clean" : "timed out")}");
}

Console.Out.Flush();
return code;

// A number from the environment (for experiments by hand), or the fallback.
static double Setting(string name, double fallback) =>
    double.TryParse(Environment.GetEnvironmentVariable(name), System.Globalization.CultureInfo.InvariantCulture, out double value) ? value : fallback;
