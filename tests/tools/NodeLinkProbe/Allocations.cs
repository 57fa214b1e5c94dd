using Hpc.Proxy.Mpich;

namespace Hpc.Tests.Tools.NodeLinkProbe;

/// <summary>
/// What a small message costs the link's MPI thread in allocations, the way a per-node proxy uses it: 8-byte
/// messages bounce between nodes 0 and 1 entirely on their MPI threads, taken from the receive buffer
/// (NodeLinkOptions.OnInline) and answered through the pooled path (NodeLink.SendCopy). After a warm-up, each MPI
/// thread counts the bytes it allocated (GC.GetAllocatedBytesForCurrentThread) over the measured messages and prints
/// "allocation node N bytes B messages M"; other nodes print nothing.
/// </summary>
internal static class Allocations
{
    /// <summary>Tag of the bounced messages.</summary>
    private const int Tag = 6;

    /// <summary>Tag of node 1's ready message.</summary>
    private const int ReadyTag = 7;

    /// <summary>Messages each node takes before counting (pools, queues and the JIT settle).</summary>
    private const int Warmup = 2_000;

    /// <summary>Messages each node takes while counting.</summary>
    private const int Measured = 20_000;

    /// <summary>The link, once started (the hook exists before the link does).</summary>
    private static NodeLink? s_link;

    /// <summary>True in the allocation scenario (otherwise arrivals are left to the other scenarios).</summary>
    private static volatile bool s_active;

    /// <summary>Messages taken so far (MPI thread).</summary>
    private static int s_taken;

    /// <summary>The thread's allocated bytes when counting began (MPI thread).</summary>
    private static long s_startBytes;

    /// <summary>Bytes allocated over the measured messages, once known.</summary>
    private static long s_allocated = -1;

    /// <summary>Set once this node took every message.</summary>
    private static readonly ManualResetEventSlim s_done = new(false);

    /// <summary>Makes the hook take this scenario's messages (before the link starts).</summary>
    public static void Activate() => s_active = true;

    /// <summary>The OnInline hook: count, then answer with the same bytes; the last message is not answered.</summary>
    public static bool OnInline(int node, int tag, ReadOnlySpan<byte> payload)
    {
        if (!s_active || tag != Tag || s_link is not { } link)
        {
            return false;
        }

        int taken = ++s_taken;
        if (taken == Warmup)
        {
            s_startBytes = GC.GetAllocatedBytesForCurrentThread();
        }
        else if (taken == Warmup + Measured)
        {
            s_allocated = GC.GetAllocatedBytesForCurrentThread() - s_startBytes;
            s_done.Set();
        }

        // Node 0 ends the game after its last message; node 1 answers every one.
        if (link.Node == 1 || taken < Warmup + Measured)
        {
            link.SendCopy(node, Tag, payload);
        }

        return true;
    }

    /// <summary>Runs the scenario on nodes 0 and 1 (node 0 serves first); 0 when every counted node finished.</summary>
    public static int Run(NodeLink link)
    {
        s_link = link;
        if (link.Node > 1)
        {
            return 0;
        }

        // Node 1 says it is ready once its hook can answer; node 0 serves only then.
        if (link.Node == 1)
        {
            link.Send(0, ReadyTag, Array.Empty<byte>());
        }
        else
        {
            NodeMessage ready;
            while (!link.TryReceive(out ready) || ready.Tag != ReadyTag)
            {
                _ = link.WaitForArrival(TimeSpan.FromMilliseconds(100));
            }

            link.Send(1, Tag, new byte[8]);
        }

        if (!s_done.Wait(TimeSpan.FromSeconds(100)))
        {
            Console.WriteLine($"allocation FAILED node {link.Node}: {s_taken} messages taken");
            return 1;
        }

        Console.WriteLine($"allocation node {link.Node} bytes {s_allocated} messages {Measured}");
        return 0;
    }
}
