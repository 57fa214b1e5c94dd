using Hpc.Mpi;

/// <summary>
/// Ranks that poll instead of blocking (Iprobe, Test, TestAll, TestAny, TestSome in a loop) while the rank they wait
/// for shares their core: MPI's progress rule says the polls eventually succeed. Nothing here waits for time.
/// </summary>
internal static class Polling
{
    /// <summary>Tag of the polled messages.</summary>
    private const int Tag = 21;

    /// <summary>
    /// At -n 3: rank 1 sends to rank 2, which receives it and sends a value on to rank 0, which loops on Iprobe for
    /// it. Ranks 0 and 2 share a cpu (each prints its cpu: the test checks it), so rank 2 runs only if rank 0's
    /// probes let it.
    /// </summary>
    public static int IprobeLoop(Comm world)
    {
        Console.WriteLine($"iprobe-poll cpu rank {world.Rank} cpu {Hpc.Job.Cpu}");
        switch (world.Rank)
        {
            case 0:
                long probes = 0;
                Status status;
                while (!world.Iprobe(2, Tag, out status))
                {
                    probes++;
                }

                int value = world.Recv<int>(2, Tag);
                Console.WriteLine($"iprobe-poll ok: {value} from rank {status.Source} after {probes} probes");
                return value == 4242 ? 0 : 1;
            case 1:
                world.Send(4242, 2, Tag);
                break;
            case 2:
                world.Send(world.Recv<int>(1, Tag), 0, Tag);
                break;
        }

        return 0;
    }

    /// <summary>
    /// Every rank posts <paramref name="perPeer"/> receives from and sends to every other rank, then completes them
    /// only by polling: rank r uses Test on each request (r % 4 == 0), TestAll (1), TestAny (2) or TestSome (3).
    /// Every message carries (source, sequence) and is checked.
    /// </summary>
    public static int TestLoop(Comm world, int perPeer)
    {
        int size = world.Size;
        int rank = world.Rank;
        int peers = size - 1;
        int[][] incoming = new int[peers * perPeer][];
        int[][] outgoing = new int[peers * perPeer][];
        var requests = new Request[2 * peers * perPeer];
        int next = 0;
        for (int p = 0; p < peers; p++)
        {
            int peer = (rank + 1 + p) % size;
            for (int k = 0; k < perPeer; k++)
            {
                int slot = p * perPeer + k;
                incoming[slot] = new int[2];
                outgoing[slot] = [rank, k];
                requests[next++] = world.Irecv<int>(incoming[slot], peer, Tag);
                requests[next++] = world.Isend<int>(outgoing[slot], peer, Tag);
            }
        }

        long polls = PollUntilDone(requests, rank % 4);
        for (int p = 0; p < peers; p++)
        {
            int peer = (rank + 1 + p) % size;
            for (int k = 0; k < perPeer; k++)
            {
                int[] got = incoming[p * perPeer + k];
                if (got[0] != peer || got[1] != k)
                {
                    Console.WriteLine($"test-poll rank {rank}: message {k} from rank {peer} holds ({got[0]}, {got[1]})");
                    return 1;
                }
            }
        }

        Console.WriteLine($"test-poll ok rank {rank}: {requests.Length} requests after {polls} polls");
        return 0;
    }

    /// <summary>Polls the requests to completion in one of four ways; returns the number of polls.</summary>
    private static long PollUntilDone(Request[] requests, int way)
    {
        long polls = 0;
        int[] indices = new int[requests.Length];
        int left = requests.Length;
        while (left > 0)
        {
            polls++;
            switch (way)
            {
                case 0:
                    foreach (Request request in requests)
                    {
                        if (request.IsActive && request.Test(out _))
                        {
                            left--;
                        }
                    }

                    break;
                case 1:
                    if (Request.TestAll(requests))
                    {
                        left = 0;
                    }

                    break;
                case 2:
                    if (Request.TestAny(requests, out int index, out _) && index >= 0)
                    {
                        left--;
                    }

                    break;
                default:
                    left -= Math.Max(0, Request.TestSome(requests, indices));
                    break;
            }
        }

        return polls;
    }
}
