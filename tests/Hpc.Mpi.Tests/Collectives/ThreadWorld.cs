using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Hpc.Mpi.Collectives;

namespace Hpc.Mpi.Tests.Collectives;

/// <summary>
/// Ranks as threads of this process, talking through one blocking FIFO per (source, destination, tag). Sends are
/// rendezvous (a send returns once the receiver has taken the message), the strictest reading of the transport's
/// "may buffer": an algorithm that relies on buffering deadlocks here and fails by the timeout.
/// </summary>
internal sealed class ThreadWorld
{
    /// <summary>How long a run may take before it counts as deadlocked; generous, it only bounds a failing test.</summary>
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    /// <summary>The queues, created on first use.</summary>
    private readonly ConcurrentDictionary<(int Source, int Dest, int Tag), BlockingCollection<Envelope>> _queues = new();

    /// <summary>Cancelled when a rank fails or the run times out, to wake every blocked rank.</summary>
    private readonly CancellationTokenSource _abort = new();

    /// <summary>Creates a world of <paramref name="size"/> ranks on the isles <paramref name="isleOf"/> names.</summary>
    private ThreadWorld(int size, Func<int, int> isleOf)
    {
        Size = size;
        IsleOf = isleOf;
    }

    /// <summary>The number of ranks.</summary>
    public int Size { get; }

    /// <summary>The isle of each rank.</summary>
    public Func<int, int> IsleOf { get; }

    /// <summary>Every tag a message was sent with.</summary>
    public ConcurrentDictionary<int, bool> TagsUsed { get; } = new();

    /// <summary>Every (source, destination) pair a message went between.</summary>
    public ConcurrentDictionary<(int Source, int Dest), bool> Links { get; } = new();

    /// <summary>The token that aborts blocked ranks.</summary>
    public CancellationToken Aborted => _abort.Token;

    /// <summary>
    /// Runs <paramref name="body"/> on <paramref name="size"/> rank threads and returns each rank's result and, in
    /// <paramref name="world"/>, the world for inspection. Throws the
    /// first rank's exception, a <see cref="TimeoutException"/> if the ranks do not finish in time, or an
    /// <see cref="InvalidOperationException"/> if a message was sent but never received.
    /// </summary>
    public static TResult[] Run<TResult>(int size, Func<int, int> isleOf, Func<ICollectiveTransport, TResult> body, out ThreadWorld world)
    {
        var self = new ThreadWorld(size, isleOf);
        world = self;
        var results = new TResult[size];
        ExceptionDispatchInfo? failure = null;
        var threads = new Thread[size];
        for (int rank = 0; rank < size; rank++)
        {
            var transport = new ThreadTransport(self, rank);
            int r = rank;
            threads[rank] = new Thread(
                () =>
                {
                    try
                    {
                        results[r] = body(transport);
                    }
                    catch (Exception e)
                    {
                        // The first failure is the cause; the others are ranks woken by the abort.
                        Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(e), null);
                        self._abort.Cancel();
                    }
                },
                maxStackSize: 256 * 1024)
            {
                IsBackground = true,
                Name = $"rank {rank}",
            };
        }

        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        DateTime deadline = DateTime.UtcNow + s_timeout;
        bool timedOut = false;
        foreach (Thread thread in threads)
        {
            TimeSpan left = deadline - DateTime.UtcNow;
            if (!thread.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero))
            {
                timedOut = true;
                break;
            }
        }

        if (timedOut)
        {
            self._abort.Cancel();
            foreach (Thread thread in threads)
            {
                thread.Join(TimeSpan.FromSeconds(10));
            }

            throw new TimeoutException($"{size} ranks did not finish within {s_timeout.TotalSeconds} s: deadlock?");
        }

        failure?.Throw();
        foreach (KeyValuePair<(int Source, int Dest, int Tag), BlockingCollection<Envelope>> queue in self._queues)
        {
            if (queue.Value.Count > 0)
            {
                throw new InvalidOperationException(
                    $"{queue.Value.Count} message(s) from rank {queue.Key.Source} to {queue.Key.Dest} with tag {queue.Key.Tag} never received.");
            }
        }

        return results;
    }

    /// <summary>The FIFO from <paramref name="source"/> to <paramref name="dest"/> with <paramref name="tag"/>.</summary>
    public BlockingCollection<Envelope> Queue(int source, int dest, int tag) =>
        _queues.GetOrAdd((source, dest, tag), static _ => []);

    /// <summary>A message in flight; <see cref="Taken"/> is set once the receiver has copied it.</summary>
    internal sealed class Envelope(byte[] data)
    {
        /// <summary>The payload.</summary>
        public byte[] Data { get; } = data;

        /// <summary>Set by the receiver.</summary>
        public ManualResetEventSlim Taken { get; } = new();
    }
}
