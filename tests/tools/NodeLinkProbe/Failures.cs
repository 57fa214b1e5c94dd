using System.Diagnostics;
using System.Runtime.InteropServices;
using Hpc.Proxy.Mpich;

namespace Hpc.Tests.Tools.NodeLinkProbe;

/// <summary>
/// The last node stops (SIGSTOP) or kills (SIGKILL) itself once every node has said hello; the others wait for the
/// link to report it and print "failure node NODE after SECONDS: MESSAGE", then exit 3 (a non-zero exit makes hydra
/// end the job, the stopped process included).
/// </summary>
internal static partial class Failures
{
    /// <summary>SIGKILL.</summary>
    private const int SignalKill = 9;

    /// <summary>SIGSTOP.</summary>
    private const int SignalStop = 19;

    /// <summary>Runs the scenario: <paramref name="signal"/> is "stop" or "kill"; returns the exit code.</summary>
    public static int Run(NodeLink link, string signal)
    {
        // Everyone hears from everyone first, so that the victim is known to have been alive and linked.
        for (int node = 0; node < link.NodeCount; node++)
        {
            link.Send(node, 7, new byte[] { 1 });
        }

        int hellos = 0;
        while (hellos < link.NodeCount)
        {
            if (!link.WaitForArrival(TimeSpan.FromSeconds(60)))
            {
                Console.WriteLine($"failure FAILED node {link.Node}: {hellos} hellos within 60 s");
                return 1;
            }

            while (link.TryReceive(out _))
            {
                hellos++;
            }
        }

        int victim = link.NodeCount - 1;
        if (link.Node == victim)
        {
            Console.WriteLine($"victim node {link.Node} pid {Environment.ProcessId} {signal}");
            Console.Out.Flush();
            _ = Kill(Environment.ProcessId, signal == "kill" ? SignalKill : SignalStop);
            Thread.Sleep(Timeout.Infinite);
        }

        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            _ = link.WaitForArrival(TimeSpan.FromSeconds(1));
            try
            {
                while (link.TryReceive(out _))
                {
                }
            }
            catch (NodeFailedException failure)
            {
                Console.WriteLine($"failure node {failure.Node} after {watch.Elapsed.TotalSeconds:0.0} s: {failure.Message}");
                Console.Out.Flush();
                return 3;
            }
        }

        Console.WriteLine($"failure FAILED node {link.Node}: nothing reported within 60 s");
        return 1;
    }

    /// <summary>kill(2).</summary>
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
