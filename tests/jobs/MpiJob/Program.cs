// Message-passing behaviours for the end-to-end tests, picked by the first argument. Each prints what it checked
// and returns non-zero (or throws) when the runtime broke a rule.
using System.Globalization;
using Hpc.Mpi;

Comm world = Comm.World;
int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

return (args.Length > 0 ? args[0] : "") switch
{
    "storm" => Storm.Run(world, Arg(1, 1), Arg(2, 200)),
    "semantics" => Semantics.Run(world),
    "collectives" => Collectives.Run(world),
    "truncate" => Semantics.Truncate(world),
    "big" => Semantics.Big(world, Arg(1, 1 << 20)),
    "die-while-waiting" => Semantics.DieWhileWaiting(world),
    "abort" => Semantics.Abort(world),
    "from-task" => Semantics.FromTask(world),
    "deadlock" => Deadlocks.Crossed(world),
    "deadlock-collective" => Deadlocks.InCollective(world),
    "deadlock-ibarrier" => Deadlocks.InNonblockingCollective(world),
    "recv-from-returned" => Deadlocks.FromReturned(world),
    "slow-sender" => Deadlocks.SlowSender(world, Arg(1, 4000)),
    "iprobe-poll" => Polling.IprobeLoop(world),
    "test-poll" => Polling.TestLoop(world, Arg(1, 25)),
    "window" => Windows.Run(world),
    "window-too-big" => Windows.TooBig(world, Arg(1, 1 << 20)),
    "environment" => PrintEnvironment(world, args[1..]),
    _ => throw new ArgumentException($"unknown behaviour '{(args.Length > 0 ? args[0] : "")}'"),
};

// Each named variable as the rank sees it: "rank R: NAME=VALUE" (or "NAME unset").
static int PrintEnvironment(Comm world, string[] names)
{
    foreach (string name in names)
    {
        Console.WriteLine(Environment.GetEnvironmentVariable(name) is string value ? $"rank {world.Rank}: {name}={value}" : $"rank {world.Rank}: {name} unset");
    }

    return 0;
}

/// <summary>
/// A randomized storm: every rank sends many messages of random sizes and tags to random ranks, blocking and not,
/// and receives with wildcards. Every rank derives the whole plan from the seed, so each knows exactly what it must
/// receive; each message carries (source, tag, sequence) and a pattern, so loss, duplication, corruption and
/// overtaking are all detected.
/// </summary>
internal static class Storm
{
    /// <summary>Runs the storm; returns 0 when every check held.</summary>
    public static int Run(Comm world, int seed, int messagesPerRank)
    {
        int size = world.Size;
        var plan = new List<(int Source, int Destination, int Tag, int Length)>();
        var random = new Random(seed);
        for (int source = 0; source < size; source++)
        {
            for (int m = 0; m < messagesPerRank; m++)
            {
                int length = random.Next(4) switch
                {
                    0 => 12,
                    1 => random.Next(12, 2_000),
                    2 => random.Next(12, 40_000),
                    _ => random.Next(12, 300_000),
                };
                plan.Add((source, random.Next(size), random.Next(4), length & ~3));
            }
        }

        // Sequence numbers per (source, destination, tag): the order a receiver must see them in.
        var sequence = new Dictionary<(int, int, int), int>();
        var sends = new List<Request>();
        var expected = new Dictionary<(int Source, int Tag), int>();
        int toReceive = 0;
        foreach ((int source, int destination, int tag, int length) in plan)
        {
            var key = (source, destination, tag);
            int seq = sequence.GetValueOrDefault(key);
            sequence[key] = seq + 1;
            if (source == world.Rank)
            {
                int[] message = Pattern(source, tag, seq, length / 4);
                // Blocking sends only where MPI guarantees progress without a matching receive: small messages.
                // (Two ranks that block-send large messages to each other first deadlock under any MPI.)
                if (seq % 3 == 0 && destination != world.Rank && length <= 2_000)
                {
                    world.Send<int>(message, destination, tag);
                }
                else
                {
                    sends.Add(world.Isend<int>(message, destination, tag));
                }
            }

            if (destination == world.Rank)
            {
                toReceive++;
            }
        }

        int[] buffer = new int[300_000 / 4];
        for (int received = 0; received < toReceive; received++)
        {
            Status status;
            if (received % 2 == 0)
            {
                status = world.Recv<int>(buffer, Any.Source, Any.Tag);
            }
            else
            {
                Status probed = world.Probe(Any.Source, Any.Tag);
                int[] exact = new int[probed.Count<int>()];
                status = world.Recv<int>(exact, probed.Source, probed.Tag);
                if (status.Source != probed.Source || status.Tag != probed.Tag || status.Bytes != probed.Bytes)
                {
                    throw new InvalidOperationException($"probe said {probed}, receive got {status}");
                }

                exact.CopyTo(buffer, 0);
            }

            int count = status.Count<int>();
            if (buffer[0] != status.Source || buffer[1] != status.Tag)
            {
                throw new InvalidOperationException($"rank {world.Rank}: envelope {status} but message says source {buffer[0]} tag {buffer[1]}");
            }

            int next = expected.GetValueOrDefault((status.Source, status.Tag));
            if (buffer[2] != next)
            {
                throw new InvalidOperationException($"rank {world.Rank}: from {status.Source} tag {status.Tag} expected sequence {next}, got {buffer[2]} (overtaken or lost)");
            }

            expected[(status.Source, status.Tag)] = next + 1;
            int[] reference = Pattern(status.Source, status.Tag, next, count);
            if (!buffer.AsSpan(0, count).SequenceEqual(reference))
            {
                int at = buffer.AsSpan(0, count).CommonPrefixLength(reference);
                throw new InvalidOperationException($"rank {world.Rank}: message {next} from {status.Source} tag {status.Tag} ({status.Bytes} bytes, via {(received % 2 == 0 ? "receive" : "probe")}) is corrupt from byte {at * 4}");
            }
        }

        Request.WaitAll([.. sends]);
        if (world.Iprobe(Any.Source, Any.Tag, out Status extra))
        {
            throw new InvalidOperationException($"rank {world.Rank}: an unexpected extra message {extra}");
        }

        Console.WriteLine($"storm ok rank {world.Rank} received {toReceive}");
        return 0;
    }

    /// <summary>
    /// The content of one message: its envelope, then a pattern derived from it (a fixed mix, not HashCode, which is
    /// seeded per process and so differs between isles).
    /// </summary>
    private static int[] Pattern(int source, int tag, int sequence, int count)
    {
        int[] message = new int[count];
        for (int i = 0; i < count; i++)
        {
            message[i] = i switch { 0 => source, 1 => tag, 2 => sequence, _ => unchecked((source * 73856093) ^ (tag * 19349663) ^ (sequence * 83492791) ^ (int)((uint)i * 2654435761u)) };
        }

        return message;
    }
}

/// <summary>The semantics of each point-to-point call.</summary>
internal static class Semantics
{
    /// <summary>Values, arrays, Sendrecv, Probe, Iprobe, WaitAny and statuses.</summary>
    public static int Run(Comm world)
    {
        int rank = world.Rank;
        int size = world.Size;
        int right = (rank + 1) % size;
        int left = (rank + size - 1) % size;

        // A ring of Sendrecv: everyone gets its left neighbour's rank.
        int[] got = new int[1];
        Status ring = world.Sendrecv<int>([rank], right, 5, got, left, 5);
        Check(got[0] == left && ring.Source == left && ring.Tag == 5 && ring.Count<int>() == 1, $"sendrecv {got[0]} {ring}");

        // Non-blocking both ways, completed with WaitAny then WaitAll.
        double[] outgoing = [rank, rank * 0.5, -rank];
        double[] incoming = new double[3];
        Request receive = world.Irecv<double>(incoming, left, 7);
        Request send = world.Isend<double>(outgoing, right, 7);
        (int first, Status firstStatus) = Request.WaitAny(receive, send);
        Check(first is 0 or 1, "wait any index");
        Status[] statuses = Request.WaitAll(receive, send);
        // As in MPI, the call that completes a request consumes it: a later wait on it returns an empty status.
        Status received = first == 0 ? firstStatus : statuses[0];
        Check(incoming.SequenceEqual(new double[] { left, left * 0.5, -left }) && received.Source == left, "isend/irecv data");
        Check(!receive.IsActive && !send.IsActive && Request.WaitAny(receive, send).Index == -1, "consumed requests are inactive");

        // Order on one tag is kept; a different tag can be taken first.
        if (size >= 2 && rank == 0)
        {
            world.Send(1, 1, 10);
            world.Send(2, 1, 10);
            world.Send(3, 1, 11);
        }
        else if (size >= 2 && rank == 1)
        {
            Status probed = world.Probe(0, 11);
            Check(probed.Tag == 11 && probed.Bytes == 4, $"probe {probed}");
            Check(world.Recv<int>(0, 11) == 3, "tag 11 first");
            Check(world.Recv<int>(0, 10) == 1 && world.Recv<int>(0, 10) == 2, "tag 10 in order");
            Check(!world.Iprobe(0, Any.Tag, out _), "nothing left");
        }

        // Sending to oneself.
        Request self = world.Irecv<long>(new long[1], rank, 99);
        world.Send(42L, rank, 99);
        Check(self.Wait().Source == rank, "self send");

        // A non-periodic chain: the ends talk to ProcNull, which moves nothing and completes at once. (After a
        // barrier: rank 1's "nothing left" probe above must not see the chain's messages.)
        world.Barrier();
        int before = rank > 0 ? rank - 1 : Comm.ProcNull;
        int after = rank < size - 1 ? rank + 1 : Comm.ProcNull;
        int[] fromBefore = [-7];
        Status shifted = world.Sendrecv<int>([rank], after, 12, fromBefore, before, 12);
        Check(rank == 0 ? fromBefore[0] == -7 && shifted.Source == Comm.ProcNull && shifted.Bytes == 0 : fromBefore[0] == before && shifted.Source == before, $"sendrecv along the chain {fromBefore[0]} {shifted}");
        int[] replaced = [rank * 10];
        Status back = world.SendrecvReplace<int>(replaced, before, 13, after, 13);
        Check(after == Comm.ProcNull ? replaced[0] == rank * 10 && back.Source == Comm.ProcNull : replaced[0] == after * 10 && back.Source == after, $"sendrecv-replace along the chain {replaced[0]} {back}");
        Request none = world.Irecv<int>(new int[1], Comm.ProcNull, 14);
        Check(!none.IsActive && world.Isend<int>(new int[1], Comm.ProcNull, 14).IsCompleted && world.Iprobe(Comm.ProcNull, 14, out Status nobody) && nobody.Source == Comm.ProcNull, "ProcNull requests and probes complete at once");
        world.Send(1, Comm.ProcNull, 14);
        Check(world.Recv<int>(Comm.ProcNull, 14, out Status nothing) == 0 && nothing.Bytes == 0 && nothing.Tag == Any.Tag, "ProcNull send and receive move nothing");
        Console.WriteLine($"semantics ok rank {rank}");
        return 0;
    }

    /// <summary>A receive buffer too small is an error, never a silent truncation.</summary>
    public static int Truncate(Comm world)
    {
        if (world.Rank == 0)
        {
            world.Send<byte>(new byte[100], 1, 0);
            world.Send<byte>(new byte[200_000], 1, 1);
        }
        else if (world.Rank == 1)
        {
            foreach (int tag in new[] { 0, 1 })
            {
                try
                {
                    world.Recv<byte>(new byte[10], 0, tag);
                    Console.WriteLine($"truncation NOT detected (tag {tag})");
                    return 1;
                }
                catch (MessageTruncatedException e)
                {
                    Console.WriteLine($"truncation detected: {e.Message}");
                }
            }
        }

        return 0;
    }

    /// <summary>One big message from rank 0 to the last rank, checked byte for byte.</summary>
    public static int Big(Comm world, int bytes)
    {
        // Block b of 8 KiB holds (j * 7 + b) at byte j: every block differs from its neighbours, and filling and
        // checking are block copies and comparisons rather than a billion scalar steps.
        const int Block = 8192;
        byte[][] variants = new byte[256][];
        for (int v = 0; v < 256; v++)
        {
            variants[v] = new byte[Block];
            for (int j = 0; j < Block; j++)
            {
                variants[v][j] = (byte)(j * 7 + v);
            }
        }

        int last = world.Size - 1;
        byte[] data = new byte[bytes];
        if (world.Rank == 0)
        {
            for (int offset = 0, b = 0; offset < bytes; offset += Block, b++)
            {
                variants[b & 255].AsSpan(0, Math.Min(Block, bytes - offset)).CopyTo(data.AsSpan(offset));
            }

            world.Send<byte>(data, last, 3);
        }
        else if (world.Rank == last)
        {
            Status status = world.Recv<byte>(data, 0, 3);
            for (int offset = 0, b = 0; offset < bytes; offset += Block, b++)
            {
                int length = Math.Min(Block, bytes - offset);
                Check(data.AsSpan(offset, length).SequenceEqual(variants[b & 255].AsSpan(0, length)), $"block at {offset} of {bytes}");
            }

            Console.WriteLine($"big ok {status.Bytes} bytes");
        }

        return 0;
    }

    /// <summary>Rank 1 fails while rank 0 waits for it: the job must end, not hang.</summary>
    public static int DieWhileWaiting(Comm world)
    {
        if (world.Rank == 1)
        {
            Thread.Sleep(200);
            throw new InvalidOperationException("rank 1 gives up");
        }

        world.Recv<int>(1, 0);
        return 0;
    }

    /// <summary>A call from a task the rank started is refused with a clear error (MPI_THREAD_FUNNELED).</summary>
    public static int FromTask(Comm world)
    {
        try
        {
            Task.Run(() => world.Send(1, world.Rank, 0)).GetAwaiter().GetResult();
            Console.WriteLine("call from a task was NOT refused");
            return 1;
        }
        catch (InvalidOperationException e)
        {
            Console.WriteLine($"refused: {e.Message}");
            return 0;
        }
    }

    /// <summary>The last rank aborts the job while the others wait for a message that never comes.</summary>
    public static int Abort(Comm world)
    {
        if (world.Rank == world.Size - 1)
        {
            world.Abort(7);
        }

        world.Recv<int>(world.Size - 1, 0);
        return 0;
    }

    /// <summary>Throws when a check fails.</summary>
    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"check failed: {what}");
        }
    }
}
