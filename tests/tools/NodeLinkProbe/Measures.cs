using System.Diagnostics;
using System.Runtime.InteropServices;
using Hpc.Proxy.Mpich;

namespace Hpc.Tests.Tools.NodeLinkProbe;

/// <summary>
/// The multinode benchmark's measures through NodeLink alone (no segment, no ranks): 8-byte ping-pong latency between nodes 0 and 1 (one-way = round trip / 2), 1 MiB and 4 MiB bandwidth
/// (a window of 16 messages, then an 8-byte ack), 8-byte allreduce over all nodes (every node sends its value to
/// every other and sums). Node 0 prints "latency 8 US", "bandwidth SIZE MB_PER_S", "allreduce N US": the median
/// over 11 timed batches after one warm-up batch.
/// </summary>
internal static class Measures
{
    /// <summary>Timed batches per figure.</summary>
    private const int Batches = 11;

    /// <summary>Messages per bandwidth window.</summary>
    private const int Window = 16;

    /// <summary>Tag of measurement data.</summary>
    private const int DataTag = 1;

    /// <summary>Tag of acks and replies.</summary>
    private const int AckTag = 2;

    /// <summary>
    /// Node 1's receive buffers while measuring bandwidth: one window of slots reused round-robin, as the C peer
    /// reuses its buffer (and as a proxy would receive into its segment), instead of a new array per message.
    /// </summary>
    private static byte[]? s_window;

    /// <summary>The next slot of <see cref="s_window"/>.</summary>
    private static int s_slot;

    /// <summary>The ReceiveBuffer hook while bandwidth is measured (null otherwise: the link allocates).</summary>
    public static Memory<byte>? ReceiveBuffer(int length)
    {
        byte[]? window = s_window;
        if (window is null || (long)length * Window > window.Length)
        {
            return null;
        }

        int slot = s_slot++ % Window;
        return window.AsMemory(slot * length, length);
    }

    /// <summary>Runs every measure; returns the exit code.</summary>
    public static int Run(NodeLink link)
    {
        if (link.NodeCount < 2)
        {
            Console.Error.WriteLine("NodeLinkProbe measure needs at least 2 nodes");
            return 2;
        }

        string only = Environment.GetEnvironmentVariable("PROBE_MEASURE") ?? "all";
        if (only is "all" or "latency")
        {
            Latency(link, 8, 2000);
        }

        if (only is "all" or "latency" or "inline")
        {
            Echo.Latency(link, 8, int.TryParse(Environment.GetEnvironmentVariable("PROBE_ITERATIONS"), out int n) ? n : 2000, Batches, Report);
        }

        if (only is "all" or "bandwidth")
        {
            Bandwidth(link, 1 << 20, 8);
            Bandwidth(link, 4 << 20, 4);
        }

        if (only is "all" or "allreduce")
        {
            Allreduce(link, 2000);
        }

        if (only == "trace")
        {
            Trace(link, 2000);
        }

        return 0;
    }

    /// <summary>Round trips one by one: minimum, quartiles and maximum (a diagnostic, not a figure of the benchmark).</summary>
    private static void Trace(NodeLink link, int iterations)
    {
        byte[] message = new byte[8];
        double[] roundTrips = new double[iterations];
        for (int i = 0; i < iterations; i++)
        {
            long start = Stopwatch.GetTimestamp();
            if (link.Node == 0)
            {
                link.Send(1, DataTag, message);
                _ = Take(link);
            }
            else if (link.Node == 1)
            {
                _ = Take(link);
                link.Send(0, DataTag, message);
            }

            roundTrips[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        Array.Sort(roundTrips);
        Report(link, $"trace min {roundTrips[0]:0.0} p25 {roundTrips[iterations / 4]:0.0} p50 {roundTrips[iterations / 2]:0.0} p75 {roundTrips[iterations * 3 / 4]:0.0} p99 {roundTrips[iterations * 99 / 100]:0.0} max {roundTrips[^1]:0.0} us");
    }

    /// <summary>Ping-pong of <paramref name="size"/> bytes between nodes 0 and 1.</summary>
    private static void Latency(NodeLink link, int size, int iterations)
    {
        byte[] message = new byte[size];
        double[] batchMicroseconds = new double[Batches];
        for (int batch = -1; batch < Batches; batch++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < iterations; i++)
            {
                if (link.Node == 0)
                {
                    link.Send(1, DataTag, message);
                    _ = Take(link);
                }
                else if (link.Node == 1)
                {
                    _ = Take(link);
                    link.Send(0, DataTag, message);
                }
            }

            if (batch >= 0)
            {
                batchMicroseconds[batch] = Stopwatch.GetElapsedTime(start).TotalMicroseconds / iterations / 2;
            }
        }

        Report(link, $"latency {size} {Median(batchMicroseconds):0.0000}");
    }

    /// <summary>Windows of <see cref="Window"/> messages of <paramref name="size"/> bytes from node 0 to node 1, each acked.</summary>
    private static void Bandwidth(NodeLink link, int size, int windows)
    {
        byte[] message = new byte[size];
        s_window ??= GC.AllocateUninitializedArray<byte>(Window * (4 << 20), pinned: true);
        double[] batchRate = new double[Batches];
        for (int batch = -1; batch < Batches; batch++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int w = 0; w < windows; w++)
            {
                if (link.Node == 0)
                {
                    for (int i = 0; i < Window; i++)
                    {
                        link.Send(1, DataTag, message);
                    }

                    _ = Take(link);
                }
                else if (link.Node == 1)
                {
                    for (int i = 0; i < Window; i++)
                    {
                        _ = Take(link);
                    }

                    link.Send(0, AckTag, new byte[8]);
                }
            }

            if (batch >= 0)
            {
                double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                batchRate[batch] = (double)size * Window * windows / seconds / 1e6;
            }
        }

        Report(link, $"bandwidth {size} {Median(batchRate):0.0}");
        s_window = null;
    }

    /// <summary>Sum of one long over all nodes, every node sending its value to every other.</summary>
    private static void Allreduce(NodeLink link, int iterations)
    {
        double[] batchMicroseconds = new double[Batches];
        byte[] value = new byte[8];
        for (int batch = -1; batch < Batches; batch++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < iterations; i++)
            {
                MemoryMarshal.Write(value, (long)link.Node);
                for (int node = 0; node < link.NodeCount; node++)
                {
                    if (node != link.Node)
                    {
                        link.Send(node, DataTag, value);
                    }
                }

                long sum = link.Node;
                for (int k = 1; k < link.NodeCount; k++)
                {
                    sum += MemoryMarshal.Read<long>(Take(link).Payload.Span);
                }

                if (sum != (long)link.NodeCount * (link.NodeCount - 1) / 2)
                {
                    throw new InvalidOperationException($"allreduce gave {sum}");
                }
            }

            if (batch >= 0)
            {
                batchMicroseconds[batch] = Stopwatch.GetElapsedTime(start).TotalMicroseconds / iterations;
            }
        }

        Report(link, $"allreduce {link.NodeCount} {Median(batchMicroseconds):0.0000}");
    }

    /// <summary>Waits for and takes the next message.</summary>
    private static NodeMessage Take(NodeLink link)
    {
        NodeMessage message;
        while (!link.TryReceive(out message))
        {
            _ = link.WaitForArrival(TimeSpan.FromSeconds(30));
        }

        return message;
    }

    /// <summary>Prints a result line on node 0.</summary>
    public static void Report(NodeLink link, string line)
    {
        if (link.Node == 0)
        {
            Console.WriteLine(line);
            Console.Out.Flush();
        }
    }

    /// <summary>The median of <paramref name="values"/> (sorted in place).</summary>
    public static double Median(double[] values)
    {
        Array.Sort(values);
        int n = values.Length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
