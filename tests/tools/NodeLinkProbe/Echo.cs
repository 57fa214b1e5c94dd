using System.Diagnostics;
using Hpc.Proxy.Mpich;

namespace Hpc.Tests.Tools.NodeLinkProbe;

/// <summary>
/// Ping-pong handled entirely on the link's MPI threads (NodeLinkOptions.OnArrival), the way a proxy that forwards
/// from that thread would: node 1 echoes every message, node 0 sends the next ping until a batch is done. Prints
/// "latency-inline 8 US" (one-way, median of the batches).
/// </summary>
internal static class Echo
{
    /// <summary>The link, once started (the hook exists before the link does).</summary>
    private static NodeLink? s_link;

    /// <summary>Tag of the echoed messages.</summary>
    private const int PingTag = 3;

    /// <summary>Tag of node 0's end-of-batch message.</summary>
    private const int EndTag = 4;

    /// <summary>Tag of node 1's ready message.</summary>
    private const int ReadyTag = 5;

    /// <summary>The message bounced back and forth.</summary>
    private static readonly byte[] s_message = new byte[8];

    /// <summary>Round trips left in the running batch (node 0).</summary>
    private static int s_left;

    /// <summary>Set by node 0's MPI thread when the batch is done.</summary>
    private static readonly ManualResetEventSlim s_done = new(false);

    /// <summary>True while a measurement runs (otherwise arrivals are left for the caller).</summary>
    private static volatile bool s_active;

    /// <summary>The arrival hook: echo (node 1) or count and ping again (node 0).</summary>
    public static void OnArrival()
    {
        NodeLink? link = s_link;
        if (!s_active || link is null || link.Failure is not null)
        {
            return;
        }

        while (link.TryReceive(out NodeMessage message))
        {
            if (message.Tag == EndTag)
            {
                s_endSeen.Set();
            }
            else if (link.Node == 1)
            {
                link.Send(0, PingTag, s_message);
            }
            else if (--s_left > 0)
            {
                link.Send(1, PingTag, s_message);
            }
            else
            {
                s_done.Set();
            }
        }
    }

    /// <summary>Measures: node 0 times batches of <paramref name="iterations"/> round trips.</summary>
    public static void Latency(NodeLink link, int size, int iterations, int batches, Action<NodeLink, string> report)
    {
        s_link = link;
        if (link.Node == 1)
        {
            // Echo on before node 0 may ping: it starts only after this "ready", taken by its caller thread.
            s_active = true;
            link.Send(0, ReadyTag, s_message);
        }
        else if (link.Node == 0)
        {
            NodeMessage ready;
            while (!link.TryReceive(out ready))
            {
                _ = link.WaitForArrival(TimeSpan.FromSeconds(30));
            }

            s_active = true;
        }

        double[] batchMicroseconds = new double[batches];
        for (int batch = -1; batch < batches; batch++)
        {
            if (link.Node == 0)
            {
                s_done.Reset();
                s_left = iterations;
                long start = Stopwatch.GetTimestamp();
                link.Send(1, PingTag, s_message);
                s_done.Wait();
                if (batch >= 0)
                {
                    batchMicroseconds[batch] = Stopwatch.GetElapsedTime(start).TotalMicroseconds / iterations / 2;
                }

                // Tells node 1 the batch is over (not echoed: it ends node 1's wait).
                link.Send(1, EndTag, s_message);
            }
            else if (link.Node == 1)
            {
                WaitForEnd();
            }
        }

        s_active = false;
        report(link, $"latency-inline {size} {Measures.Median(batchMicroseconds):0.0000}");
    }

    /// <summary>Node 1: sleeps until node 0's end-of-batch message has been seen by the hook.</summary>
    private static void WaitForEnd()
    {
        // The hook drains every arrival; the end marker is recognised there by its tag.
        s_endSeen.Wait();
        s_endSeen.Reset();
    }

    /// <summary>Set by node 1's hook when the end-of-batch message arrives.</summary>
    private static readonly ManualResetEventSlim s_endSeen = new(false);
}
