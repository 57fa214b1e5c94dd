using Hpc.Proxy.Mpich;

namespace Hpc.Tests.Tools.NodeLinkProbe;

/// <summary>
/// Every node sends every node (itself included) messages of 0 B to 64 MiB on tag 1 in ascending order and of 5 MiB
/// down to 0 B on tag 2, all at once, so arrivals interleave across sources and tags. Each receiver checks the content
/// and the order per (node, tag). Prints "exchange ok MESSAGES BYTES" or "exchange FAILED ...".
/// </summary>
internal static class Exchange
{
    /// <summary>The sizes sent on tag 1, in order: below, at and above the inline limit and the chunk size.</summary>
    private static readonly int[] s_sizes = [0, 8, 1000, 65536, 65537, 1 << 20, (1 << 20) + 1, (5 << 20) + 3, 64 << 20];

    /// <summary>The sizes sent on tag 2, in order (large first; kept smaller to spare the machine's memory and time).</summary>
    private static readonly int[] s_reverse = [(5 << 20) + 3, (1 << 20) + 1, 1 << 20, 65537, 65536, 1000, 8, 0, 3];

    /// <summary>The size of message <paramref name="sequence"/> on <paramref name="tag"/>.</summary>
    private static int SizeOf(int tag, int sequence) => tag == 1 ? s_sizes[sequence] : s_reverse[sequence];

    /// <summary>
    /// The ReceiveBuffer hook: large messages on tag 2 land in a slice at an odd offset of a plain (unpinned) array,
    /// the way a proxy would point them into its segment; the rest in the link's own arrays.
    /// </summary>
    public static Memory<byte> ReceiveBuffer(int node, int tag, int length) =>
        tag == 2 ? new byte[length + 16].AsMemory(7, length) : default;

    /// <summary>Runs the exchange; returns the exit code.</summary>
    public static int Run(NodeLink link)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        int sendsLeft = 0;
        for (int destination = 0; destination < link.NodeCount; destination++)
        {
            for (int sequence = 0; sequence < s_sizes.Length; sequence++)
            {
                for (int tag = 1; tag <= 2; tag++)
                {
                    byte[] message = new byte[SizeOf(tag, sequence)];
                    Pattern.Fill(message, Pattern.Seed(link.Node, destination, tag, sequence));
                    Interlocked.Increment(ref sendsLeft);
                    link.Send(destination, tag, message, () => Interlocked.Decrement(ref sendsLeft));
                }
            }
        }

        double sent = watch.Elapsed.TotalSeconds;
        int expected = link.NodeCount * 2 * s_sizes.Length;
        int[,] next = new int[link.NodeCount, 3];
        long bytes = 0;
        int received = 0;
        int outOfSendOrder = 0;
        int lastSequence = -1;
        while (received < expected)
        {
            if (!link.WaitForArrival(TimeSpan.FromSeconds(120)))
            {
                Console.WriteLine($"exchange FAILED node {link.Node}: only {received} of {expected} messages within 120 s");
                return 1;
            }

            while (link.TryReceive(out NodeMessage message))
            {
                if (message.Tag is not (1 or 2))
                {
                    Console.WriteLine($"exchange FAILED node {link.Node}: tag {message.Tag} from node {message.Node}");
                    return 1;
                }

                int sequence = next[message.Node, message.Tag]++;
                int size = SizeOf(message.Tag, sequence);
                long mismatch = message.Payload.Length == size
                    ? Pattern.FirstMismatch(message.Payload.Span, Pattern.Seed(message.Node, link.Node, message.Tag, sequence))
                    : -2;
                if (mismatch != -1)
                {
                    Console.WriteLine($"exchange FAILED node {link.Node}: message {sequence} from node {message.Node} tag {message.Tag}: "
                        + (mismatch == -2 ? $"{message.Payload.Length} bytes, {size} expected" : $"wrong byte at {mismatch}"));
                    return 1;
                }

                // Not an assertion: counts arrivals that overtook a message sent before them on the other tag.
                outOfSendOrder += sequence < lastSequence ? 1 : 0;
                lastSequence = sequence;
                bytes += size;
                received++;
            }
        }

        SpinWait.SpinUntil(() => Volatile.Read(ref sendsLeft) == 0, TimeSpan.FromSeconds(60));
        if (Volatile.Read(ref sendsLeft) != 0)
        {
            Console.WriteLine($"exchange FAILED node {link.Node}: {sendsLeft} sends never completed");
            return 1;
        }

        Console.WriteLine($"exchange ok node {link.Node} {received} {bytes} interleaved {outOfSendOrder} (sent in {sent:0.00} s, done in {watch.Elapsed.TotalSeconds:0.00} s)");
        return 0;
    }
}
